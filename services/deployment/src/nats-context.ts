import { FleetHeaders } from '@fleet/contracts-fleet';
import type { NatsContext } from '@nestjs/microservices';

/** Who is asking and how to ask others on its behalf: its `authorization` header and the correlation id. */
export interface CallerContext {
  authorization: string | undefined;
  correlationId: string | undefined;
}

export function callerOf(ctx: NatsContext): CallerContext {
  const headers = ctx.getHeaders() as { get(key: string): string } | undefined;
  return { authorization: headers?.get(FleetHeaders.authorization) || undefined, correlationId: headers?.get(FleetHeaders.correlationId) || undefined };
}
