/** Error codes the catalog service answers with (`CATALOG.REASON`). */
export const CatalogErrorCodes = {
  VALIDATION: 'CATALOG.VALIDATION',
  NOT_FOUND: 'CATALOG.NOT_FOUND',
  FORBIDDEN: 'CATALOG.FORBIDDEN',
  INTERNAL: 'CATALOG.INTERNAL',
} as const;
