import { FleetHeaders, streamNameOf } from '@fleet/contracts-fleet';
import { FleetError, PoisonMessageError, TransientError } from '@fleet/shared-errors';
import { inSpan, SpanKind, traceContextOf, type HeaderCarrier } from '@fleet/shared-telemetry';
import { validatePayload } from '@fleet/shared-validation';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import type { ClassConstructor } from 'class-transformer';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { DeadLetterRecord, InboxRecord } from './event-records';
import { isNotFound } from './streams';

/** What a handler gets besides the payload: the transaction it must write in, and the message facts. */
export interface EventContext {
  manager: EntityManager;
  messageId: string;
  subject: string;
  deliveryCount: number;
  correlationId?: string;
  /** Runs `fn` once the handler's transaction has committed (e.g. to nudge the outbox relay). */
  afterCommit: (fn: () => void) => void;
}

/** A durable subscription of one service to one event subject of another service's stream. */
export interface EventSubscription<T extends object> {
  /** The service that owns the stream (`platform` for `platform.company.created`). */
  owner: string;
  subject: string;
  payloadType: ClassConstructor<T>;
  handle: (event: T, ctx: EventContext) => Promise<void>;
}

export interface EventConsumerOptions {
  nc: NatsConnection;
  dataSource: DataSource;
  /** The consuming service (durable names start with it). */
  service: string;
  subjectPrefix: string;
  logger: Logger;
  maxDeliver?: number;
  ackWaitMs?: number;
}

/**
 * Runs JetStream durable pull consumers with an explicit failure policy per error:
 * - handled (or already handled: the inbox has the id) → ack;
 * - `PoisonMessageError` or a payload that fails its contract → term + dead letter;
 * - `TransientError` or anything unknown → nak with exponential backoff, dead-lettered (and
 *   terminated) on the last allowed delivery.
 * The handler's writes and the inbox row commit in one transaction, so an event is applied once.
 */
export class EventConsumers {
  private readonly running: { stop: () => void; done: Promise<void> }[] = [];
  private stopped = false;
  private inFlight = 0;

  constructor(private readonly o: EventConsumerOptions) {}

  durableName(subject: string): string {
    return `${this.o.service}__${subject.replace(/[.*>]/g, '_')}`;
  }

  /** Starts a subscription; waits in the background for the owner's stream if it does not exist yet. */
  start<T extends object>(sub: EventSubscription<T>): void {
    let messages: ConsumerMessages | undefined;
    let stop = false;
    const done = (async () => {
      while (!stop && !this.stopped) {
        try {
          messages = await this.open(sub);
          for await (const m of messages) {
            if (stop || this.stopped) break;
            await this.dispatch(sub, m);
          }
        } catch (err) {
          if (stop || this.stopped) break;
          const waiting = isNotFound(err);
          this.o.logger[waiting ? 'info' : 'warn']({ subject: sub.subject, err: (err as Error).message }, waiting ? `waiting for the ${sub.owner} stream` : 'event consumer interrupted; reopening');
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    })();
    this.running.push({
      stop: () => {
        stop = true;
        void messages?.close();
      },
      done,
    });
  }

  private async open<T extends object>(sub: EventSubscription<T>): Promise<ConsumerMessages> {
    const stream = streamNameOf(sub.owner, this.o.subjectPrefix);
    const durable = this.durableName(sub.subject);
    const jsm = await jetstreamManager(this.o.nc);
    try {
      await jsm.consumers.info(stream, durable);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await jsm.streams.info(stream); // throws not-found while the owner has not created it yet
      await jsm.consumers.add(stream, {
        durable_name: durable,
        filter_subject: this.o.subjectPrefix + sub.subject,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(this.o.ackWaitMs ?? 30_000),
        max_deliver: this.o.maxDeliver ?? 10,
      });
    }
    const consumer = await jetstream(this.o.nc).consumers.get(stream, durable);
    return consumer.consume({ max_messages: 64 });
  }

  private async dispatch<T extends object>(sub: EventSubscription<T>, m: JsMsg): Promise<void> {
    this.inFlight++;
    const consumer = this.durableName(sub.subject);
    const messageId = m.headers?.get('Nats-Msg-Id') || `${m.info.stream}:${m.seq}`;
    const correlationId = m.headers?.get(FleetHeaders.correlationId) || undefined;
    const maxDeliver = this.o.maxDeliver ?? 10;
    try {
      let payload: T;
      try {
        payload = validatePayload(sub.payloadType, m.json(), 'EVENT');
      } catch (err) {
        throw new PoisonMessageError('EVENT.INVALID', `event ${sub.subject} does not match its contract: ${(err as Error).message}`, undefined, { cause: err });
      }
      const committed: (() => void)[] = [];
      // a consumer span, child of the span that appended the event (traceparent kept with the outbox row)
      const parent = traceContextOf(m.headers as HeaderCarrier | undefined);
      await inSpan(`${sub.subject} process`, { kind: SpanKind.CONSUMER, parent, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': sub.subject, 'messaging.consumer.group.name': consumer } }, () =>
        this.o.dataSource.transaction(async (manager) => {
          const seen = await manager.findOne(InboxRecord, { where: { consumer, messageId } });
          if (seen) return;
          await manager.insert(InboxRecord, { consumer, messageId, processedAt: new Date() });
          const afterCommit = (fn: () => void) => void committed.push(fn);
          await sub.handle(payload, { manager, messageId, subject: sub.subject, deliveryCount: m.info.deliveryCount, correlationId, afterCommit });
        }),
      );
      m.ack();
      for (const fn of committed) fn();
    } catch (err) {
      const poison = err instanceof PoisonMessageError;
      const last = m.info.deliveryCount >= maxDeliver;
      if (poison || last) {
        await this.deadLetter(consumer, sub.subject, messageId, m, err, poison ? 'poison' : 'retries exhausted');
        m.term(poison ? 'poison message' : 'retries exhausted');
      } else {
        const delay = Math.min(60_000, 500 * 2 ** (m.info.deliveryCount - 1)) + Math.floor(Math.random() * 250);
        const level = err instanceof TransientError || err instanceof FleetError ? 'warn' : 'error';
        this.o.logger[level]({ subject: sub.subject, messageId, delivery: m.info.deliveryCount, retryInMs: delay, err }, 'event handler failed; will retry');
        m.nak(delay);
      }
    } finally {
      this.inFlight--;
    }
  }

  private async deadLetter(consumer: string, subject: string, messageId: string, m: JsMsg, err: unknown, why: string): Promise<void> {
    this.o.logger.error({ subject, messageId, deliveries: m.info.deliveryCount, err, why }, 'event dead-lettered');
    try {
      await this.o.dataSource.getRepository(DeadLetterRecord).insert({
        id: randomUUID(),
        consumer,
        subject,
        messageId,
        payload: m.string(),
        error: `${why}: ${(err as Error)?.message ?? String(err)}`.slice(0, 4000),
        deliveries: m.info.deliveryCount,
        createdAt: new Date(),
      });
    } catch (e) {
      this.o.logger.error({ err: e }, 'could not record a dead letter');
    }
  }

  async stop(graceMs = 5000): Promise<void> {
    this.stopped = true;
    for (const r of this.running) r.stop();
    const deadline = Date.now() + graceMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await Promise.race([Promise.allSettled(this.running.map((r) => r.done)), new Promise((r) => setTimeout(r, 1000))]);
  }
}
