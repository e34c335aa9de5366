import { reasonOf } from '@fleet/contracts-fleet';

/**
 * The single place where error codes become HTTP statuses (used by the gateway only).
 * Services never pick HTTP statuses: they pick a `REASON`.
 */
const STATUS_BY_REASON: Record<string, number> = {
  VALIDATION: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LOCKED: 423,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
  BAD_REPLY: 502,
};

export function httpStatusOf(code: string): number {
  return STATUS_BY_REASON[reasonOf(code)] ?? 500;
}
