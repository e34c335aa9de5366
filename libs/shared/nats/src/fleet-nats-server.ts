import { inSpan, SpanKind, traceContextOf, type HeaderCarrier } from '@fleet/shared-telemetry';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { ServerNats } from '@nestjs/microservices';
import type { FleetNatsConnection } from './connection';

/** The longest a request's span waits for its reply to be published (a handler that never answers). */
const REPLY_WAIT_MS = 30_000;

interface PendingReply {
  publisher: boolean;
  done: () => void;
}

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
  /** The requests in flight: whether a reply publisher was made for each, and its resolver once the reply is out. */
  private readonly replies = new WeakMap<object, PendingReply>();

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
      // a server span per request, child of the caller's span (traceparent in the NATS headers); it
      // lasts until the reply is published (Nest runs the handler's observable after handleMessage returns)
      const subject = channel.startsWith(this.fleet.subjectPrefix) ? channel.slice(this.fleet.subjectPrefix.length) : channel;
      const msg = natsMsg as { headers?: HeaderCarrier; reply?: string };
      const parent = traceContextOf(msg.headers);
      const reply: PendingReply = { publisher: false, done: () => undefined };
      const replied = new Promise<void>((resolve) => (reply.done = resolve));
      this.replies.set(natsMsg, reply);
      return await inSpan(`${subject} process`, { kind: SpanKind.SERVER, parent, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject } }, async () => {
        const result: unknown = await super.handleMessage(channel, natsMsg);
        // a request (not an event) ends when its last reply packet is out
        if (msg.reply && reply.publisher) await Promise.race([replied, new Promise((r) => setTimeout(r, REPLY_WAIT_MS).unref())]);
        return result;
      });
    } finally {
      this.replies.delete(natsMsg);
      this.inFlight--;
    }
  }

  /** The reply publisher, which also tells handleMessage when the last packet of the reply is out. */
  override getPublisher(...args: Parameters<ServerNats['getPublisher']>): ReturnType<ServerNats['getPublisher']> {
    const publish = super.getPublisher(...args) as (response: unknown) => unknown;
    const pending = this.replies.get(args[0] as object);
    if (pending) pending.publisher = true;
    const wrapped = (response: { isDisposed?: boolean; status?: string }): unknown => {
      const out = publish(response);
      if (response?.isDisposed || response?.status === 'error') pending?.done();
      return out;
    };
    return wrapped as ReturnType<ServerNats['getPublisher']>;
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
