import { FleetHeaders } from '@fleet/contracts-fleet';
import type { NatsContext } from '@nestjs/microservices';
import type { RequestMeta } from './audit/audit.service';

/** The correlation id (the gateway's request id) and client address a request carries, for events and audit. */
export function metaOf(ctx: NatsContext): RequestMeta {
  const h = ctx.getHeaders() as { get(key: string): string | undefined } | undefined;
  return { correlationId: h?.get(FleetHeaders.correlationId) || undefined, clientIp: h?.get(FleetHeaders.clientIp) || undefined };
}
