/** Error codes the accounts service answers with (`ACCOUNTS.REASON`). */
export const AccountsErrorCodes = {
  VALIDATION: 'ACCOUNTS.VALIDATION',
  NOT_FOUND: 'ACCOUNTS.NOT_FOUND',
  INTERNAL: 'ACCOUNTS.INTERNAL',
} as const;
