import { DEFAULT_REALM_POLICY } from '../policy/realm-policy';
import { lockAfterFailure, lockedUntil, type FailureFact } from './lockout';

const now = new Date('2026-11-24T12:00:00.000Z');
const at = (secondsAgo: number, lockedForSeconds?: number): FailureFact => {
  const createdAt = new Date(now.getTime() - secondsAgo * 1000);
  return { createdAt, lockedUntil: lockedForSeconds === undefined ? null : new Date(createdAt.getTime() + lockedForSeconds * 1000) };
};
const policy = { ...DEFAULT_REALM_POLICY, lockoutThreshold: 3, lockoutWindowSeconds: 60, lockoutDurationSeconds: 120 };

describe('lockAfterFailure()', () => {
  describe('when the failures within the window reach the threshold with this one', () => {
    it('should lock for the policy duration', () => {
      expect(lockAfterFailure([at(10), at(20)], policy, now)).toEqual(new Date(now.getTime() + 120_000));
    });
  });

  describe('when older failures fall outside the window', () => {
    it('should not count them', () => {
      expect(lockAfterFailure([at(10), at(61)], policy, now)).toBeUndefined();
    });
  });

  describe('when a lockout ended within the window', () => {
    it('should count only the failures after its end', () => {
      // locked 200 s ago for 120 s: ended 80 s ago, before the window; one failure since
      expect(lockAfterFailure([at(200, 120), at(5)], policy, now)).toBeUndefined();
      const shortLock = { ...policy, lockoutDurationSeconds: 10 };
      // locked 50 s ago for 10 s: ended 40 s ago; the failures at 45 s and 48 s came before its end
      expect(lockAfterFailure([at(48), at(45), at(50, 10), at(30)], shortLock, now)).toBeUndefined();
    });
  });

  describe('when the threshold is 0', () => {
    it('should never lock', () => {
      expect(lockAfterFailure([at(1), at(2), at(3)], { ...policy, lockoutThreshold: 0 }, now)).toBeUndefined();
    });
  });
});

describe('lockedUntil()', () => {
  it('should be the latest lockout end still ahead, or undefined', () => {
    expect(lockedUntil([at(10), at(20)], now)).toBeUndefined();
    expect(lockedUntil([at(100, 90), at(10, 120), at(5, 30)], now)).toEqual(new Date(now.getTime() + 110_000));
    expect(lockedUntil([at(200, 120)], now)).toBeUndefined();
  });
});
