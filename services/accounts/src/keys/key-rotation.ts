import type { SigningKeyStatus } from './signing-key.entity';

/** How long a replaced key stays in the JWKS beyond the access-token lifetime (clock skew, caches). */
export const RETIRING_GRACE_MS = 5 * 60_000;

/** True when the active key, created at `createdAt`, is due for replacement. */
export function needsRotation(createdAt: Date, rotationMs: number, now: Date): boolean {
  return now.getTime() - createdAt.getTime() >= rotationMs;
}

/** When a key replaced `now` leaves the JWKS: every token it signed has expired by then. */
export function retireAfter(now: Date, accessTokenTtlSeconds: number): Date {
  return new Date(now.getTime() + accessTokenTtlSeconds * 1000 + RETIRING_GRACE_MS);
}

/** True when a key must be published: it signs, or tokens it signed may still be valid. */
export function publishable(key: { status: SigningKeyStatus; retireAfter: Date | null }, now: Date): boolean {
  if (key.status === 'active') return true;
  return key.status === 'retiring' && key.retireAfter !== null && key.retireAfter.getTime() > now.getTime();
}
