/** Error codes the deployment service answers with (`DEPLOYMENT.REASON`). */
export const DeploymentErrorCodes = {
  VALIDATION: 'DEPLOYMENT.VALIDATION',
  NOT_FOUND: 'DEPLOYMENT.NOT_FOUND',
  INTERNAL: 'DEPLOYMENT.INTERNAL',
} as const;
