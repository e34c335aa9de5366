import { FleetHeaders } from '@fleet/contracts-fleet';
import { traceHeaders } from '@fleet/shared-telemetry';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { IsNull, LessThan, Not, type DataSource, type EntityManager } from 'typeorm';
import { OutboxRecord } from './event-records';

/** Writes an event into the outbox inside the caller's transaction. */
export async function appendToOutbox(
  manager: EntityManager,
  subject: string,
  payload: object,
  o: { correlationId?: string; id?: string } = {},
): Promise<string> {
  const record: OutboxRecord = {
    id: o.id ?? randomUUID(),
    subject,
    payload: JSON.stringify(payload),
    headers: headersOf(o.correlationId),
    createdAt: new Date(),
    publishedAt: null,
  };
  await manager.insert(OutboxRecord, record);
  return record.id;
}

/** The headers an event is published with: its correlation id and the trace it was appended in. */
function headersOf(correlationId: string | undefined): string | null {
  const h: Record<string, string> = { ...traceHeaders(), ...(correlationId ? { [FleetHeaders.correlationId]: correlationId } : {}) };
  return Object.keys(h).length ? JSON.stringify(h) : null;
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  nc: NatsConnection;
  subjectPrefix: string;
  logger: Logger;
  /** Poll interval when nobody nudges (ms). */
  intervalMs?: number;
  batchSize?: number;
  /** Published rows older than this are deleted (ms). */
  retainPublishedMs?: number;
  onBacklog?: (pending: number) => void;
}

/**
 * Publishes committed outbox rows to JetStream in order, with `Nats-Msg-Id = row id` so that a
 * re-publish after a crash is dropped by the stream's duplicate window, then marks them published.
 * A row is never deleted before JetStream acknowledged it.
 */
export class OutboxRelay {
  private readonly js: JetStreamClient;
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = false;
  private again = false;
  private lastCleanup = 0;

  constructor(private readonly o: OutboxRelayOptions) {
    this.js = jetstream(o.nc);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Publish now (call after committing a transaction that appended events). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    let delay = this.o.intervalMs ?? 500;
    try {
      const published = await this.publishBatch();
      if (published === (this.o.batchSize ?? 100) || this.again) delay = 0;
      await this.cleanup();
    } catch (err) {
      delay = 2000;
      this.o.logger.warn({ err: (err as Error).message }, 'outbox relay: publishing failed; events stay in the outbox and are retried');
    } finally {
      this.again = false;
      this.running = false;
      this.schedule(delay);
    }
  }

  /** Publishes one batch; returns how many rows it published. */
  async publishBatch(): Promise<number> {
    const repo = this.o.dataSource.getRepository(OutboxRecord);
    const batch = await repo.find({ where: { publishedAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' }, take: this.o.batchSize ?? 100 });
    for (const row of batch) {
      if (this.stopped) break;
      const h = natsHeaders();
      for (const [k, v] of Object.entries(row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {})) h.set(k, v);
      await this.js.publish(this.o.subjectPrefix + row.subject, row.payload, { msgID: row.id, headers: h, timeout: 5000 });
      await repo.update({ id: row.id }, { publishedAt: new Date() });
    }
    if (this.o.onBacklog) this.o.onBacklog(await repo.count({ where: { publishedAt: IsNull() } }));
    return batch.length;
  }

  private async cleanup(): Promise<void> {
    const retain = this.o.retainPublishedMs ?? 24 * 3600 * 1000;
    if (Date.now() - this.lastCleanup < 60000) return;
    this.lastCleanup = Date.now();
    await this.o.dataSource.getRepository(OutboxRecord).delete({ publishedAt: Not(IsNull()), createdAt: LessThan(new Date(Date.now() - retain)) });
  }
}
