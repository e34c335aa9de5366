/** Error codes the platform service answers with (`PLATFORM.REASON`). */
export const PlatformErrorCodes = {
  VALIDATION: 'PLATFORM.VALIDATION',
  /** Missing or invalid token. */
  UNAUTHORIZED: 'PLATFORM.UNAUTHORIZED',
  /** Visible to the caller but not allowed for it. */
  FORBIDDEN: 'PLATFORM.FORBIDDEN',
  /** Does not exist, or the caller may not see it (never tells which). */
  NOT_FOUND: 'PLATFORM.NOT_FOUND',
  /** Clashes with existing data (`details.field`). */
  CONFLICT: 'PLATFORM.CONFLICT',
  /** The identity service (accounts) did not answer: retry. */
  UNAVAILABLE: 'PLATFORM.UNAVAILABLE',
  INTERNAL: 'PLATFORM.INTERNAL',
} as const;
