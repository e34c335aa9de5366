/** Error codes the catalog service answers with (`CATALOG.REASON`). */
export const CatalogErrorCodes = {
  /** Bad request, a failed validation of a commit (`details.errors`) or a refused BPMN import (`details.reason`). */
  VALIDATION: 'CATALOG.VALIDATION',
  NOT_FOUND: 'CATALOG.NOT_FOUND',
  FORBIDDEN: 'CATALOG.FORBIDDEN',
  /** A commit on a stale parent touched artifacts changed since (`details.artifacts`), a taken name, an existing tag. */
  CONFLICT: 'CATALOG.CONFLICT',
  /** The artifact is checked out by someone else (`details.artifacts` with holder and since). */
  LOCKED: 'CATALOG.LOCKED',
  INTERNAL: 'CATALOG.INTERNAL',
} as const;

/**
 * Why a BPMN file was refused on import (`details.reason` of `CATALOG.VALIDATION`). The meaning of
 * each is documented in services/catalog/README.md.
 */
export const ImportRefusals = [
  'TOO_LARGE',
  'UNSUPPORTED_ENCODING',
  'NOT_XML',
  'NOT_BPMN',
  'NO_PROCESS',
  'BROKEN_FLOW_REFERENCE',
  'EXTERNAL_IMPORT',
  'NO_START_TO_END',
  'UNTRANSLATABLE_CONDITION',
] as const;
export type ImportRefusal = (typeof ImportRefusals)[number];
