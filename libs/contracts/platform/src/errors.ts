/** Error codes the platform service answers with (`PLATFORM.REASON`). */
export const PlatformErrorCodes = {
  VALIDATION: 'PLATFORM.VALIDATION',
  NOT_FOUND: 'PLATFORM.NOT_FOUND',
  /** A company with that name or slug exists already (`details.field`). */
  CONFLICT: 'PLATFORM.CONFLICT',
  INTERNAL: 'PLATFORM.INTERNAL',
} as const;
