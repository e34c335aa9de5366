/** Error codes the work-portal service answers with (`WORK_PORTAL.REASON`). */
export const WorkPortalErrorCodes = {
  VALIDATION: 'WORK_PORTAL.VALIDATION',
  NOT_FOUND: 'WORK_PORTAL.NOT_FOUND',
  INTERNAL: 'WORK_PORTAL.INTERNAL',
} as const;
