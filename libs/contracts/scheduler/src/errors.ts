/** Error codes the scheduler service answers with (`SCHEDULER.REASON`). */
export const SchedulerErrorCodes = {
  VALIDATION: 'SCHEDULER.VALIDATION',
  NOT_FOUND: 'SCHEDULER.NOT_FOUND',
  INTERNAL: 'SCHEDULER.INTERNAL',
} as const;
