import { FleetHeaders } from '@fleet/contracts-fleet';
import type { NatsContext } from '@nestjs/microservices';

type Headers = { get(key: string): string } | undefined;

/** The correlation id of a NATS request (header `x-correlation-id`), if the caller sent one. */
export function correlationIdOf(ctx: NatsContext): string | undefined {
  return (ctx.getHeaders() as Headers)?.get(FleetHeaders.correlationId) || undefined;
}

/** The caller's `authorization` header, forwarded to platform's permission API (the caller's own rights, never more). */
export function authorizationHeaderOf(ctx: NatsContext): string | undefined {
  return (ctx.getHeaders() as Headers)?.get(FleetHeaders.authorization) || undefined;
}
