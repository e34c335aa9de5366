/** Error codes the accounts service answers with (`ACCOUNTS.REASON`). */
export const AccountsErrorCodes = {
  /** A field breaks the contract or the realm's password policy (`details.fields`). */
  VALIDATION: 'ACCOUNTS.VALIDATION',
  /**
   * Any refused credential: unknown user, wrong password, deactivated or locked account, unknown,
   * used, revoked or idle refresh token. Always the same message, so it tells nothing apart.
   */
  UNAUTHORIZED: 'ACCOUNTS.UNAUTHORIZED',
  /** No such resource in the caller's company. */
  NOT_FOUND: 'ACCOUNTS.NOT_FOUND',
  /** The e-mail belongs to a user of another company in the same realm. */
  CONFLICT: 'ACCOUNTS.CONFLICT',
  /** The caller may see the resource but not change it (company administrators only). */
  FORBIDDEN: 'ACCOUNTS.FORBIDDEN',
  /** Unexpected failure (logged with the correlation id). */
  INTERNAL: 'ACCOUNTS.INTERNAL',
} as const;

/** The one message of every `ACCOUNTS.UNAUTHORIZED` answer. */
export const INVALID_CREDENTIALS_MESSAGE = 'invalid credentials';
