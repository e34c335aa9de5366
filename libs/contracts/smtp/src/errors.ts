/** Error codes the smtp service answers with (`SMTP.REASON`). */
export const SmtpErrorCodes = {
  VALIDATION: 'SMTP.VALIDATION',
  NOT_FOUND: 'SMTP.NOT_FOUND',
  FORBIDDEN: 'SMTP.FORBIDDEN',
  INTERNAL: 'SMTP.INTERNAL',
} as const;
