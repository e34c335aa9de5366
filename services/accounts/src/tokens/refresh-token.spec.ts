import { createHash } from 'node:crypto';
import { hashRefreshToken, newRefreshToken } from './refresh-token';

describe('newRefreshToken()', () => {
  it('should be 32 random bytes in base64url (43 characters), different every time', () => {
    const tokens = Array.from({ length: 50 }, newRefreshToken);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    }
    expect(new Set(tokens).size).toBe(50);
  });
});

describe('hashRefreshToken()', () => {
  it('should be the hex SHA-256 of the token, stable, and not the token', () => {
    const t = newRefreshToken();
    expect(hashRefreshToken(t)).toBe(createHash('sha256').update(t).digest('hex'));
    expect(hashRefreshToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken(t)).toBe(hashRefreshToken(t));
    expect(hashRefreshToken(t)).not.toBe(hashRefreshToken(newRefreshToken()));
  });
});
