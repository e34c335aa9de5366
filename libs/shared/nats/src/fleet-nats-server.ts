import { inSpan, SpanKind, traceContextOf, type HeaderCarrier } from '@fleet/shared-telemetry';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { ServerNats } from '@nestjs/microservices';
import type { FleetNatsConnection } from './connection';

export interface FleetNatsServerOptions {
  /** The shared connection of the process. */
  connection: FleetNatsConnection;
  /** Prepended to every subject (test isolation / several fleets on one NATS). */
  subjectPrefix: string;
  /** Queue group: the service name, so replicas share requests. */
  queue: string;
  /** How long close() waits for in-flight handlers. */
  gracePeriodMs: number;
}

/**
 * NestJS's NATS server strategy on the process's shared connection, with a subject prefix and a
 * drain-then-wait shutdown: close() stops new deliveries, lets in-flight handlers finish (up to the
 * grace period) and leaves closing the connection to the process.
 */
export class FleetNatsServer extends ServerNats {
  private inFlight = 0;
  private readonly subs: Subscription[] = [];

  constructor(private readonly fleet: FleetNatsServerOptions) {
    super({ queue: fleet.queue, gracefulShutdown: true, gracePeriod: fleet.gracePeriodMs });
  }

  override async createNatsClient(): Promise<NatsConnection> {
    return this.fleet.connection.nc as never;
  }

  override bindEvents(client: NatsConnection): void {
    for (const pattern of this.messageHandlers.keys()) {
      const handlerRef = this.messageHandlers.get(pattern);
      const queue = (handlerRef?.extras?.queue as string | undefined) ?? this.fleet.queue;
      const sub = client.subscribe(this.fleet.subjectPrefix + pattern, {
        queue,
        callback: this.getMessageHandler(pattern).bind(this) as never,
      });
      this.subs.push(sub);
    }
  }

  override async handleMessage(channel: string, natsMsg: never): Promise<unknown> {
    this.inFlight++;
    try {
      // a server span per request, child of the caller's span (traceparent in the NATS headers)
      const subject = channel.startsWith(this.fleet.subjectPrefix) ? channel.slice(this.fleet.subjectPrefix.length) : channel;
      const parent = traceContextOf((natsMsg as { headers?: HeaderCarrier }).headers);
      return await inSpan(`${subject} process`, { kind: SpanKind.SERVER, parent, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject } }, () => super.handleMessage(channel, natsMsg));
    } finally {
      this.inFlight--;
    }
  }

  /** Number of requests being handled right now. */
  get inFlightCount(): number {
    return this.inFlight;
  }

  override async close(): Promise<void> {
    await Promise.allSettled(this.subs.map((s) => s.drain()));
    const deadline = Date.now() + this.fleet.gracePeriodMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }
}
