/** Error codes the management-console service answers with (`MANAGEMENT_CONSOLE.REASON`). */
export const ManagementConsoleErrorCodes = {
  VALIDATION: 'MANAGEMENT_CONSOLE.VALIDATION',
  NOT_FOUND: 'MANAGEMENT_CONSOLE.NOT_FOUND',
  INTERNAL: 'MANAGEMENT_CONSOLE.INTERNAL',
} as const;
