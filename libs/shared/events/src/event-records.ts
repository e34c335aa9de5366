import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** An event written in the same transaction as the change it describes, waiting to be published. */
export class OutboxRecord {
  id!: string;
  subject!: string;
  payload!: string;
  headers!: string | null;
  createdAt!: Date;
  publishedAt!: Date | null;
}

/** A JetStream message a consumer has already handled (idempotency). */
export class InboxRecord {
  consumer!: string;
  messageId!: string;
  processedAt!: Date;
}

/** A message a consumer gave up on, kept for an operator. */
export class DeadLetterRecord {
  id!: string;
  consumer!: string;
  subject!: string;
  messageId!: string;
  payload!: string;
  error!: string;
  deliveries!: number;
  createdAt!: Date;
}

export const outboxDefinition: EntityDefinition<OutboxRecord> = {
  target: OutboxRecord,
  table: 'fleet_outbox',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    subject: { column: 'subject', kind: col.string(200) },
    payload: { column: 'payload', kind: col.text() },
    headers: { column: 'headers', kind: col.text(), nullable: true },
    createdAt: { column: 'created_at', kind: col.timestamp() },
    publishedAt: { column: 'published_at', kind: col.timestamp(), nullable: true },
  },
  indices: [{ name: 'ix_fleet_outbox_pending', columns: ['publishedAt', 'createdAt'] }],
};

export const inboxDefinition: EntityDefinition<InboxRecord> = {
  target: InboxRecord,
  table: 'fleet_inbox',
  columns: {
    consumer: { column: 'consumer', kind: col.string(150), primary: true },
    messageId: { column: 'message_id', kind: col.string(150), primary: true },
    processedAt: { column: 'processed_at', kind: col.timestamp() },
  },
};

export const deadLetterDefinition: EntityDefinition<DeadLetterRecord> = {
  target: DeadLetterRecord,
  table: 'fleet_dead_letter',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    consumer: { column: 'consumer', kind: col.string(150) },
    subject: { column: 'subject', kind: col.string(200) },
    messageId: { column: 'message_id', kind: col.string(150) },
    payload: { column: 'payload', kind: col.text() },
    error: { column: 'error', kind: col.text() },
    deliveries: { column: 'deliveries', kind: col.int() },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
};

/** The entity schemas every service that publishes or consumes events includes. */
export function eventEntities(dialect: Dialect): EntitySchema[] {
  return [entitySchema(dialect, outboxDefinition), entitySchema(dialect, inboxDefinition), entitySchema(dialect, deadLetterDefinition)];
}
