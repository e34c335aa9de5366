import { randomBytes } from 'node:crypto';

/** A prefix unique to this test run, for subjects, streams and database names (`t<time><random>`). */
export function uniquePrefix(label = 't'): string {
  return `${label}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`.toLowerCase().replace(/[^a-z0-9]/g, '');
}
