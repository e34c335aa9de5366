import type { ErrorDetails, ErrorEnvelope } from '@fleet/contracts-fleet';

/**
 * An expected failure with a stable `SERVICE.REASON` code. Domain code throws these (or returns
 * them); transports turn them into the wire envelope. `cause` chains the underlying error for logs
 * only: it never crosses the wire.
 */
export class FleetError extends Error {
  override readonly name = 'FleetError';

  constructor(
    readonly code: string,
    message: string,
    readonly details?: ErrorDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The wire envelope of this error. */
  toEnvelope(correlationId?: string): ErrorEnvelope {
    return {
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
      ...(correlationId ? { correlationId } : {}),
    };
  }

  /** Rebuild a FleetError from an envelope received over the wire. */
  static fromEnvelope(envelope: ErrorEnvelope): FleetError {
    return new FleetError(envelope.code, envelope.message, envelope.details);
  }
}

/** A failure worth retrying (a JetStream consumer naks the message with a delay). */
export class TransientError extends FleetError {}

/** A message that can never succeed (a JetStream consumer terminates it and dead-letters it). */
export class PoisonMessageError extends FleetError {}

/** Shorthand constructors for a service's codes: `errorsFor('PLATFORM').notFound('…')`. */
export function errorsFor(service: string): Record<
  'validation' | 'notFound' | 'conflict' | 'forbidden' | 'unavailable',
  (message: string, details?: ErrorDetails) => FleetError
> & { internal: (message?: string) => FleetError } {
  const code = (reason: string) => `${service}.${reason}`;
  return {
    validation: (message: string, details?: ErrorDetails) => new FleetError(code('VALIDATION'), message, details),
    notFound: (message: string, details?: ErrorDetails) => new FleetError(code('NOT_FOUND'), message, details),
    conflict: (message: string, details?: ErrorDetails) => new FleetError(code('CONFLICT'), message, details),
    forbidden: (message: string, details?: ErrorDetails) => new FleetError(code('FORBIDDEN'), message, details),
    unavailable: (message: string, details?: ErrorDetails) => new FleetError(code('UNAVAILABLE'), message, details),
    internal: (message = 'internal error: see the service log for this correlation id') =>
      new FleetError(code('INTERNAL'), message),
  };
}
