/** Error codes the deployment service answers with (`DEPLOYMENT.REASON`). */
export const DeploymentErrorCodes = {
  VALIDATION: 'DEPLOYMENT.VALIDATION',
  /** Missing or invalid token (also: an acknowledgement from the wrong service). */
  UNAUTHORIZED: 'DEPLOYMENT.UNAUTHORIZED',
  /** Visible to the caller but not allowed for it. */
  FORBIDDEN: 'DEPLOYMENT.FORBIDDEN',
  NOT_FOUND: 'DEPLOYMENT.NOT_FOUND',
  /** Unsafe package, promotion order, an apply already running, a deployment's window closed by hand (`details.reasons`). */
  CONFLICT: 'DEPLOYMENT.CONFLICT',
  /** A dependency (catalog, platform) did not answer. */
  UNAVAILABLE: 'DEPLOYMENT.UNAVAILABLE',
  INTERNAL: 'DEPLOYMENT.INTERNAL',
} as const;
