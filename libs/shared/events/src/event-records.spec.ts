import type { Dialect } from '@fleet/shared-database';
import { eventEntities } from './event-records';

/** table → { property: column } of the entity schemas, to compare with the migration's tables. */
function tablesOf(dialect: Dialect) {
  return Object.fromEntries(
    eventEntities(dialect).map((s) => [
      s.options.tableName,
      Object.fromEntries(Object.entries(s.options.columns).map(([prop, c]) => [prop, (c as { name?: string }).name])),
    ]),
  );
}

describe('eventEntities()', () => {
  it.each<Dialect>(['sqlite', 'postgres', 'mssql'])('should map the outbox, inbox and dead-letter tables to snake_case columns on %s', (dialect) => {
    expect(tablesOf(dialect)).toEqual({
      fleet_outbox: { id: 'id', subject: 'subject', payload: 'payload', headers: 'headers', createdAt: 'created_at', publishedAt: 'published_at' },
      fleet_inbox: { consumer: 'consumer', messageId: 'message_id', processedAt: 'processed_at' },
      fleet_dead_letter: {
        id: 'id',
        consumer: 'consumer',
        subject: 'subject',
        messageId: 'message_id',
        payload: 'payload',
        error: 'error',
        deliveries: 'deliveries',
        createdAt: 'created_at',
      },
    });
  });

  it('should key the inbox on (consumer, message id), so a message is applied once per consumer', () => {
    const inbox = eventEntities('postgres').find((s) => s.options.tableName === 'fleet_inbox')!;
    const primary = Object.entries(inbox.options.columns)
      .filter(([, c]) => (c as { primary?: boolean }).primary)
      .map(([p]) => p);

    expect(primary).toEqual(['consumer', 'messageId']);
  });

  it('should index the pending outbox rows by (publishedAt, createdAt)', () => {
    const outbox = eventEntities('sqlite').find((s) => s.options.tableName === 'fleet_outbox')!;

    expect(outbox.options.indices).toEqual([{ name: 'ix_fleet_outbox_pending', columns: ['publishedAt', 'createdAt'], unique: false }]);
  });

  it('should only let the headers and the publish time of the outbox be null', () => {
    const nullable = eventEntities('mssql').flatMap((s) =>
      Object.entries(s.options.columns)
        .filter(([, c]) => (c as { nullable?: boolean }).nullable)
        .map(([p]) => `${s.options.tableName}.${p}`),
    );

    expect(nullable).toEqual(['fleet_outbox.headers', 'fleet_outbox.publishedAt']);
  });
});
