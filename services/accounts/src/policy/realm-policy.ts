/** The security policy of one realm (pure data; defaults below). */
export interface RealmPolicy {
  passwordMinLength: number;
  /** How many of the four classes (lower, upper, digit, symbol) a password needs. */
  passwordMinClasses: number;
  /** 0: passwords never expire. */
  passwordExpiryDays: number;
  /** Failures within the window that lock the account (or the client address). */
  lockoutThreshold: number;
  lockoutWindowSeconds: number;
  lockoutDurationSeconds: number;
  /** A session not refreshed for this long is over. */
  idleTimeoutSeconds: number;
  /** Concurrent sessions per user; signing in beyond it revokes the oldest. */
  maxSessions: number;
  /** Multi-factor sign-in: a one-time code e-mailed after the password (`mfa: 'email'` in the API). */
  mfaRequired: boolean;
}

/** The policy of a realm that has no `realm_policies` row (ARCHITECTURE.md "Passwords and policy"). */
export const DEFAULT_REALM_POLICY: Readonly<RealmPolicy> = Object.freeze({
  passwordMinLength: 12,
  passwordMinClasses: 3,
  passwordExpiryDays: 0,
  lockoutThreshold: 5,
  lockoutWindowSeconds: 15 * 60,
  lockoutDurationSeconds: 15 * 60,
  idleTimeoutSeconds: 20 * 60,
  maxSessions: 10,
  mfaRequired: false,
});

/** True when the password must be changed before anything else: first sign-in, or expired. */
export function passwordChangeRequired(
  user: { mustChangePassword: boolean; passwordChangedAt: Date | null },
  policy: Pick<RealmPolicy, 'passwordExpiryDays'>,
  now: Date,
): boolean {
  if (user.mustChangePassword) return true;
  if (policy.passwordExpiryDays <= 0 || !user.passwordChangedAt) return false;
  return now.getTime() - user.passwordChangedAt.getTime() > policy.passwordExpiryDays * 86_400_000;
}

/** True when a session last used at `lastUsedAt` is past the idle timeout. */
export function isIdle(lastUsedAt: Date, policy: Pick<RealmPolicy, 'idleTimeoutSeconds'>, now: Date): boolean {
  return now.getTime() - lastUsedAt.getTime() > policy.idleTimeoutSeconds * 1000;
}
