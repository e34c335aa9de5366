/**
 * The NATS request/reply wire format (NestJS's NATS envelope), so that a client not written with
 * NestJS can call any Fleet service. See ARCHITECTURE.md "Messaging: the wire format".
 */
import type { ErrorEnvelope } from './error-envelope';

/** Body of a request published on `<prefix><service>.<entity>.<verb>` with a reply subject. */
export interface RequestPacket<T = unknown> {
  /** The subject without prefix, e.g. `platform.company.get`. */
  pattern: string;
  data: T;
  /** Unique per request; a packet without `id` is an event and gets no reply. */
  id: string;
}

/** Body of a reply: exactly one of `response` and `err` is set. */
export interface ReplyPacket<T = unknown> {
  id: string;
  response?: T;
  err?: ErrorEnvelope;
  isDisposed?: boolean;
}

/** NATS header names Fleet uses. */
export const FleetHeaders = {
  correlationId: 'x-correlation-id',
  traceparent: 'traceparent',
  /** `Bearer <access token>`: forwarded by the gateway; every service verifies it itself. */
  authorization: 'authorization',
  /** The HTTP client's address as the gateway saw it (for audit and lockout; set only by the gateway). */
  clientIp: 'x-fleet-client-ip',
} as const;
