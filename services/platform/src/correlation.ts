import { FleetHeaders } from '@fleet/contracts-fleet';
import type { NatsContext } from '@nestjs/microservices';

/** The correlation id a request carries (the gateway's request id), for events and logs. */
export function correlationOf(ctx: NatsContext): string | undefined {
  const headers = ctx.getHeaders() as { get(key: string): string | undefined } | undefined;
  return headers?.get(FleetHeaders.correlationId) || undefined;
}
