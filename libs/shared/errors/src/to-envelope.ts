import { isErrorEnvelope, type ErrorEnvelope } from '@fleet/contracts-fleet';
import { FleetError } from './fleet-error';

/**
 * Turns anything thrown into the wire envelope. Known errors keep their code; anything else is
 * masked as `<SERVICE>.INTERNAL` (the caller logs the original with the correlation id).
 */
export function toEnvelope(err: unknown, service: string, correlationId?: string): { envelope: ErrorEnvelope; known: boolean } {
  if (err instanceof FleetError) return { envelope: err.toEnvelope(correlationId), known: true };
  if (isErrorEnvelope(err)) return { envelope: { ...err, ...(correlationId ? { correlationId } : {}) }, known: true };
  const nested = (err as { error?: unknown })?.error;
  if (isErrorEnvelope(nested)) return { envelope: { ...nested, ...(correlationId ? { correlationId } : {}) }, known: true };
  return {
    envelope: {
      code: `${service.toUpperCase().replace(/-/g, '_')}.INTERNAL`,
      message: 'internal error: see the service log for this correlation id',
      ...(correlationId ? { correlationId } : {}),
    },
    known: false,
  };
}
