import { FleetErrorCodes, FleetHeaders, isErrorEnvelope, type ReplyPacket } from '@fleet/contracts-fleet';
import { FleetError } from '@fleet/shared-errors';
import { injectTraceHeaders, inSpan, SpanKind } from '@fleet/shared-telemetry';
import { validatePayload } from '@fleet/shared-validation';
import { errors, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import type { ClassConstructor } from 'class-transformer';
import { randomUUID } from 'node:crypto';

export interface RequestOptions {
  timeoutMs?: number;
  correlationId?: string;
  /** Extra NATS headers (e.g. the verified principal). */
  headers?: Record<string, string>;
  /** Validate the request before sending (a sender-side check of the contract). */
  requestType?: ClassConstructor<object>;
  /** Validate the reply after receiving it. */
  replyType?: ClassConstructor<object>;
}

/**
 * Calls another service over NATS request/reply using the documented wire format. Every call has
 * a timeout; "no responders" and time-outs become `FLEET.UNAVAILABLE` / `FLEET.TIMEOUT`.
 */
export class RpcClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly subjectPrefix: string,
    private readonly defaultTimeoutMs: number,
  ) {}

  async request<TReply = unknown>(subject: string, data: unknown, o: RequestOptions = {}): Promise<TReply> {
    if (o.requestType) validatePayload(o.requestType, data, 'FLEET');
    const id = randomUUID();
    const timeout = o.timeoutMs ?? this.defaultTimeoutMs;
    // a client span per request; its context travels in the headers (W3C traceparent)
    const raw = await inSpan(`${subject} send`, { kind: SpanKind.CLIENT, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject } }, async () => {
      const h = natsHeaders();
      h.set(FleetHeaders.correlationId, o.correlationId ?? id);
      for (const [k, v] of Object.entries(o.headers ?? {})) h.set(k, v);
      injectTraceHeaders(h);
      try {
        const msg = await this.nc.request(this.subjectPrefix + subject, JSON.stringify({ pattern: subject, data, id }), { timeout, headers: h });
        return msg.string();
      } catch (err) {
        throw mapTransportError(err, subject, timeout);
      }
    });
    const reply = parseReply(raw, subject);
    if (reply.err !== undefined) {
      if (isErrorEnvelope(reply.err)) throw FleetError.fromEnvelope(reply.err);
      throw new FleetError(FleetErrorCodes.BAD_REPLY, `${subject} failed without a Fleet error envelope: ${JSON.stringify(reply.err).slice(0, 200)}`);
    }
    if (o.replyType) validatePayload(o.replyType, reply.response, 'FLEET');
    return reply.response as TReply;
  }
}

function parseReply(raw: string, subject: string): ReplyPacket {
  try {
    const parsed = JSON.parse(raw) as ReplyPacket;
    if (typeof parsed === 'object' && parsed !== null && ('response' in parsed || 'err' in parsed)) return parsed;
  } catch {
    // fall through
  }
  throw new FleetError(FleetErrorCodes.BAD_REPLY, `${subject} answered something that is not a Fleet reply envelope`);
}

export function mapTransportError(err: unknown, subject: string, timeoutMs: number): FleetError {
  const service = subject.split('.')[0];
  if (err instanceof errors.NoRespondersError || (err as Error)?.cause instanceof errors.NoRespondersError) {
    return new FleetError(FleetErrorCodes.UNAVAILABLE, `the ${service} service is unavailable (no replica is listening on ${subject}); retry shortly`, {
      service,
    }, { cause: err });
  }
  if (err instanceof errors.TimeoutError || (err as Error)?.name === 'TimeoutError') {
    return new FleetError(FleetErrorCodes.TIMEOUT, `the ${service} service did not answer ${subject} within ${timeoutMs} ms`, { service }, { cause: err });
  }
  if (err instanceof errors.RequestError && (err as Error).cause instanceof errors.NoRespondersError) {
    return new FleetError(FleetErrorCodes.UNAVAILABLE, `the ${service} service is unavailable; retry shortly`, { service }, { cause: err });
  }
  return new FleetError(FleetErrorCodes.UNAVAILABLE, `cannot reach the ${service} service: ${(err as Error)?.message}`, { service }, { cause: err });
}
