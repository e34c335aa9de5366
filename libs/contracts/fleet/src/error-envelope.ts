/**
 * The one error shape that crosses the wire: from a service's reply to the gateway, and from the
 * gateway to an HTTP client (which also gets `requestId`). `code` is `SERVICE.REASON`.
 */
export interface ErrorEnvelope {
  /** Stable machine-readable code, `SERVICE.REASON` (e.g. `PLATFORM.NOT_FOUND`). Callers branch on it. */
  code: string;
  /** Human-readable explanation that says what to do next; never a stack trace or raw driver error. */
  message: string;
  /** Structured extra facts, e.g. `fields: [{ path, reason }]` for validation errors. Never secrets. */
  details?: ErrorDetails;
  /** Correlation id of the request that failed (the gateway's request id when it came through the gateway). */
  correlationId?: string;
}

/** One invalid field of a request: `path` in dot notation (`owner.email`), `reason` in words. */
export interface FieldError {
  path: string;
  reason: string;
}

export interface ErrorDetails {
  fields?: FieldError[];
  [key: string]: unknown;
}

/** Reasons every service may use after its own prefix; the gateway maps them to HTTP statuses. */
export const ErrorReasons = {
  VALIDATION: 'VALIDATION',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  LOCKED: 'LOCKED',
  UNAVAILABLE: 'UNAVAILABLE',
  TIMEOUT: 'TIMEOUT',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorReason = (typeof ErrorReasons)[keyof typeof ErrorReasons];

/** Codes raised by the messaging layer itself rather than by a service. */
export const FleetErrorCodes = {
  /** No replica of the target service is subscribed (NATS "no responders"). */
  UNAVAILABLE: 'FLEET.UNAVAILABLE',
  /** The target service did not answer within the request timeout. */
  TIMEOUT: 'FLEET.TIMEOUT',
  /** The reply could not be decoded as the documented envelope. */
  BAD_REPLY: 'FLEET.BAD_REPLY',
} as const;

/** True when `value` has the shape of an {@link ErrorEnvelope}. */
export function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && /^[A-Z][A-Z0-9_-]*\.[A-Z][A-Z0-9_]*$/.test(v.code) && typeof v.message === 'string';
}

/** The `REASON` part of a `SERVICE.REASON` code. */
export function reasonOf(code: string): string {
  const dot = code.lastIndexOf('.');
  return dot < 0 ? code : code.slice(dot + 1);
}
