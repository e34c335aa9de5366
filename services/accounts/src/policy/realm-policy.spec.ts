import { DEFAULT_REALM_POLICY, isIdle, passwordChangeRequired } from './realm-policy';

const now = new Date('2026-11-24T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('DEFAULT_REALM_POLICY', () => {
  it('should be the documented defaults', () => {
    expect(DEFAULT_REALM_POLICY).toEqual({
      passwordMinLength: 12,
      passwordMinClasses: 3,
      passwordExpiryDays: 0,
      lockoutThreshold: 5,
      lockoutWindowSeconds: 900,
      lockoutDurationSeconds: 900,
      idleTimeoutSeconds: 1200,
      maxSessions: 10,
      mfaRequired: false,
    });
  });
});

describe('passwordChangeRequired()', () => {
  it('should require a change when the user must change it (first sign-in)', () => {
    expect(passwordChangeRequired({ mustChangePassword: true, passwordChangedAt: now }, DEFAULT_REALM_POLICY, now)).toBe(true);
  });

  it('should never expire a password when the expiry is 0 days', () => {
    expect(passwordChangeRequired({ mustChangePassword: false, passwordChangedAt: ago(1e12) }, DEFAULT_REALM_POLICY, now)).toBe(false);
  });

  it('should require a change once the password is older than the expiry', () => {
    const policy = { passwordExpiryDays: 90 };
    expect(passwordChangeRequired({ mustChangePassword: false, passwordChangedAt: ago(89 * 86_400_000) }, policy, now)).toBe(false);
    expect(passwordChangeRequired({ mustChangePassword: false, passwordChangedAt: ago(91 * 86_400_000) }, policy, now)).toBe(true);
  });
});

describe('isIdle()', () => {
  it('should be idle only past the timeout', () => {
    expect(isIdle(ago(1_200_000), DEFAULT_REALM_POLICY, now)).toBe(false);
    expect(isIdle(ago(1_200_001), DEFAULT_REALM_POLICY, now)).toBe(true);
  });
});
