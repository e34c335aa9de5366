import { randomBytes } from 'node:crypto';
import { decryptPrivateKey, encryptPrivateKey } from './key-encryption';

const pem = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';

describe('encryptPrivateKey() / decryptPrivateKey()', () => {
  const kek = randomBytes(32);

  it('should round-trip, with a fresh IV each time and no plaintext in the output', () => {
    const a = encryptPrivateKey(kek, 'kid-1', pem);
    const b = encryptPrivateKey(kek, 'kid-1', pem);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('PRIVATE');
    expect(decryptPrivateKey(kek, 'kid-1', a)).toBe(pem);
  });

  it('should refuse another key-encryption key', () => {
    expect(() => decryptPrivateKey(randomBytes(32), 'kid-1', encryptPrivateKey(kek, 'kid-1', pem))).toThrow();
  });

  it('should refuse a ciphertext moved to another kid', () => {
    expect(() => decryptPrivateKey(kek, 'kid-2', encryptPrivateKey(kek, 'kid-1', pem))).toThrow();
  });

  it('should refuse a tampered ciphertext and an unknown format', () => {
    const [v, iv, tag, ct] = encryptPrivateKey(kek, 'k', pem).split('.');
    const flipped = Buffer.from(ct, 'base64url');
    flipped[0] ^= 1;
    expect(() => decryptPrivateKey(kek, 'k', [v, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => decryptPrivateKey(kek, 'k', pem)).toThrow(/unknown encryption format/);
  });
});
