import type { FieldError } from '@fleet/contracts-fleet';
import type { RealmPolicy } from '../policy/realm-policy';

/** A rule of the password policy a password breaks. */
export interface PasswordViolation {
  rule: 'min-length' | 'character-classes' | 'not-email' | 'not-current';
  reason: string;
}

const CLASSES: [string, RegExp][] = [
  ['lower-case letters', /\p{Ll}/u],
  ['upper-case letters', /\p{Lu}/u],
  ['digits', /\p{Nd}/u],
  ['symbols', /[^\p{Ll}\p{Lu}\p{Nd}]/u],
];

/** Every rule of `policy` that `password` breaks (empty: acceptable). Pure. */
export function passwordViolations(password: string, email: string, policy: Pick<RealmPolicy, 'passwordMinLength' | 'passwordMinClasses'>): PasswordViolation[] {
  const out: PasswordViolation[] = [];
  if ([...password].length < policy.passwordMinLength) {
    out.push({ rule: 'min-length', reason: `must be at least ${policy.passwordMinLength} characters long (rule min-length)` });
  }
  const classes = CLASSES.filter(([, re]) => re.test(password)).length;
  if (classes < policy.passwordMinClasses) {
    out.push({
      rule: 'character-classes',
      reason: `must contain at least ${policy.passwordMinClasses} of: ${CLASSES.map(([name]) => name).join(', ')} (rule character-classes)`,
    });
  }
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) {
    out.push({ rule: 'not-email', reason: 'must not be the e-mail address (rule not-email)' });
  }
  return out;
}

/** The violations as the `details.fields` of an `ACCOUNTS.VALIDATION` answer. */
export function passwordFieldErrors(violations: PasswordViolation[], path = 'password'): FieldError[] {
  return violations.map((v) => ({ path, reason: `${path} ${v.reason}` }));
}
