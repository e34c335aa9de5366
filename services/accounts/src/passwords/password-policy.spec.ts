import { DEFAULT_REALM_POLICY } from '../policy/realm-policy';
import { passwordFieldErrors, passwordViolations } from './password-policy';

const rulesOf = (password: string, email = 'ada@example.com', policy = DEFAULT_REALM_POLICY) => passwordViolations(password, email, policy).map((v) => v.rule);

describe('passwordViolations()', () => {
  describe('when the password meets the default policy', () => {
    it.each([['Correct-Horse-Battery'], ['correct horse battery 9'], ['ÄÖÜäöü123456789']])('should accept %s', (password) => {
      expect(rulesOf(password)).toEqual([]);
    });
  });

  describe('when the password is shorter than the minimum', () => {
    it('should name the min-length rule (counting characters, not bytes)', () => {
      expect(rulesOf('Short-1x')).toEqual(['min-length']);
      expect(rulesOf('Ää1-Ää1-Ää1-')).toEqual([]);
    });
  });

  describe('when the password has too few character classes', () => {
    it.each([['onlylowercaseletters'], ['ONLYUPPERCASEANDDIGITS1'.replace(/\d/g, '')], ['123456789012']])('should name the character-classes rule for %s', (password) => {
      expect(rulesOf(password)).toEqual(['character-classes']);
    });
  });

  describe('when the password is the e-mail', () => {
    it('should name the not-email rule, whatever the case', () => {
      expect(rulesOf('Long.Name-1@Example.com', 'long.name-1@example.com')).toEqual(['not-email']);
    });
  });

  describe('when the realm policy is stricter', () => {
    it('should apply its minimum length and classes', () => {
      expect(rulesOf('Correct-Horse-Battery', 'a@b.c', { ...DEFAULT_REALM_POLICY, passwordMinLength: 30, passwordMinClasses: 4 })).toEqual(['min-length', 'character-classes']);
    });
  });
});

describe('passwordFieldErrors()', () => {
  it('should name the password field and the rule in each reason', () => {
    expect(passwordFieldErrors(passwordViolations('short', 'a@b.c', DEFAULT_REALM_POLICY))).toEqual([
      { path: 'password', reason: expect.stringContaining('rule min-length') },
      { path: 'password', reason: expect.stringContaining('rule character-classes') },
    ]);
  });
});
