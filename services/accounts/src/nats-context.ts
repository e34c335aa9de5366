import { FleetHeaders } from '@fleet/contracts-fleet';
import type { NatsContext } from '@nestjs/microservices';
import { isIP } from 'node:net';

/** The correlation id of a NATS request (header `x-correlation-id`), if the caller sent one. */
export function correlationIdOf(ctx: NatsContext): string | undefined {
  const headers = ctx.getHeaders() as { get(key: string): string } | undefined;
  return headers?.get(FleetHeaders.correlationId) || undefined;
}

/** The caller's `authorization` header (`Bearer <access token>`), to forward when asking another service on its behalf. */
export function authorizationHeaderOf(ctx: NatsContext): string | undefined {
  const headers = ctx.getHeaders() as { get(key: string): string } | undefined;
  return headers?.get(FleetHeaders.authorization) || undefined;
}

/** The HTTP client's address as the gateway saw it (header `x-fleet-client-ip`, set only by the gateway), with the correlation id. */
export function metaOf(ctx: NatsContext): { clientIp?: string; correlationId?: string } {
  const headers = ctx.getHeaders() as { get(key: string): string } | undefined;
  const clientIp = headers?.get(FleetHeaders.clientIp) || '';
  return { ...(isIP(clientIp) ? { clientIp } : {}), correlationId: correlationIdOf(ctx) };
}
