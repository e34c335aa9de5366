/** Error codes the connector service answers with (`CONNECTOR.REASON`). */
export const ConnectorErrorCodes = {
  VALIDATION: 'CONNECTOR.VALIDATION',
  NOT_FOUND: 'CONNECTOR.NOT_FOUND',
  INTERNAL: 'CONNECTOR.INTERNAL',
} as const;
