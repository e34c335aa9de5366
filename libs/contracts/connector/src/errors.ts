/** Error codes the connector service answers with (`CONNECTOR.REASON`). */
export const ConnectorErrorCodes = {
  VALIDATION: 'CONNECTOR.VALIDATION',
  UNAUTHORIZED: 'CONNECTOR.UNAUTHORIZED',
  FORBIDDEN: 'CONNECTOR.FORBIDDEN',
  NOT_FOUND: 'CONNECTOR.NOT_FOUND',
  /** The idempotency key is being executed right now by another request. */
  CONFLICT: 'CONNECTOR.CONFLICT',
  INTERNAL: 'CONNECTOR.INTERNAL',
} as const;
