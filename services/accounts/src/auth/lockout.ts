import type { RealmPolicy } from '../policy/realm-policy';

/** A recorded failure, as the lockout rules see it. */
export interface FailureFact {
  createdAt: Date;
  lockedUntil: Date | null;
}

type LockoutPolicy = Pick<RealmPolicy, 'lockoutThreshold' | 'lockoutWindowSeconds' | 'lockoutDurationSeconds'>;

/** The end of the lockout in force at `now`, or undefined. Pure. */
export function lockedUntil(failures: FailureFact[], now: Date): Date | undefined {
  let until: Date | undefined;
  for (const f of failures) if (f.lockedUntil && f.lockedUntil > now && (!until || f.lockedUntil > until)) until = f.lockedUntil;
  return until;
}

/**
 * Whether one more failure at `now` locks: it does when, with it, the failures within the window
 * that came after the end of the last lockout reach the threshold. Returns the end of the new
 * lockout, or undefined. Pure.
 */
export function lockAfterFailure(failures: FailureFact[], policy: LockoutPolicy, now: Date): Date | undefined {
  if (policy.lockoutThreshold <= 0) return undefined;
  const windowStart = now.getTime() - policy.lockoutWindowSeconds * 1000;
  const lastLockEnd = Math.max(0, ...failures.map((f) => f.lockedUntil?.getTime() ?? 0));
  const counted = failures.filter((f) => f.createdAt.getTime() > windowStart && f.createdAt.getTime() >= lastLockEnd).length;
  return counted + 1 >= policy.lockoutThreshold ? new Date(now.getTime() + policy.lockoutDurationSeconds * 1000) : undefined;
}

/** How far back failures matter: a window, plus a lockout that may have ended within it. */
export function relevantSince(policy: LockoutPolicy, now: Date): Date {
  return new Date(now.getTime() - (policy.lockoutWindowSeconds + policy.lockoutDurationSeconds) * 1000);
}
