/** Error codes the scheduler service answers with (`SCHEDULER.REASON`). */
export const SchedulerErrorCodes = {
  VALIDATION: 'SCHEDULER.VALIDATION',
  /** Missing or invalid token. */
  UNAUTHORIZED: 'SCHEDULER.UNAUTHORIZED',
  /** Visible to the caller but not allowed for it (or a system/deployed job that may not be edited). */
  FORBIDDEN: 'SCHEDULER.FORBIDDEN',
  /** Does not exist, or the caller may not see it (never tells which). */
  NOT_FOUND: 'SCHEDULER.NOT_FOUND',
  /** Clashes with existing data (`details.field`). */
  CONFLICT: 'SCHEDULER.CONFLICT',
  INTERNAL: 'SCHEDULER.INTERNAL',
} as const;
