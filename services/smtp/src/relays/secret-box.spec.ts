import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe(SecretBox.name, () => {
  it('should open what it sealed, and refuse a tampered or foreign seal', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = box.seal('relay-pass');
    expect(sealed).not.toContain('relay-pass');
    expect(box.open(sealed)).toBe('relay-pass');
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0] ^= 1;
    expect(() => box.open([...parts.slice(0, 3), flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
  });
});
