import { FleetError } from '@fleet/shared-errors';

/** Error code of a secret that cannot be resolved (missing, refused, provider down). The message never holds a value. */
export const SECRET_UNRESOLVED = 'SECRETS.UNRESOLVED';

/** A secret reference: letters, digits, `-`, `_` and `.`, 1 to 127 characters (a Key Vault name is a subset). */
export const SECRET_REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,126}$/;

/**
 * Resolves secret references to values. Implementations never log or put a value in an error; a
 * missing secret is a {@link SecretUnresolvedError} naming the reference only.
 */
export interface SecretsProvider {
  /** Which backend answers (`keyvault`, `directory`, `env`, ...): for logs and readiness, never a value. */
  readonly kind: string;
  /** The value of `ref`, or a {@link SecretUnresolvedError}. */
  get(ref: string): Promise<string>;
}

/** A secret that could not be resolved; `reason` says why without any value. */
export class SecretUnresolvedError extends FleetError {
  constructor(
    readonly ref: string,
    reason: string,
    cause?: unknown,
  ) {
    super(SECRET_UNRESOLVED, `secret ${ref} could not be resolved: ${reason}`, {}, { cause });
  }
}

/** Throws unless `ref` is a well-formed reference (so no path or URL can be smuggled in). */
export function assertSecretRef(ref: string): void {
  if (!SECRET_REF_PATTERN.test(ref)) throw new SecretUnresolvedError(JSON.stringify(ref.slice(0, 40)), 'not a valid secret reference');
}
