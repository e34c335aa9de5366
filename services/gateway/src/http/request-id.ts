import { randomUUID } from 'node:crypto';

const VALID_INCOMING = /^[A-Za-z0-9._:-]{8,128}$/;

/** Keeps a well-formed incoming `x-request-id` (from a proxy), else makes one. */
export function requestIdFor(incoming: string | string[] | undefined): string {
  const v = Array.isArray(incoming) ? incoming[0] : incoming;
  return v && VALID_INCOMING.test(v) ? v : randomUUID();
}
