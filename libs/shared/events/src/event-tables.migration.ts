import { col, dialectOf, tableColumn } from '@fleet/shared-database';
import { Table, TableIndex, type QueryRunner } from 'typeorm';

/**
 * Indices are declared inside `createTable` (not with `createIndex`, which reads the live schema)
 * so the same migration can also be rendered offline for SQL Server.
 *
 * Creates the outbox, inbox and dead-letter tables (version 1). Called from each service's first
 * migration; frozen: later changes go in new functions, never edits to this one.
 */
export async function createEventTablesV1(qr: QueryRunner): Promise<void> {
  const d = dialectOf(qr);
  await qr.createTable(
    new Table({
      name: 'fleet_outbox',
      columns: [
        tableColumn(d, 'id', col.id(), { primary: true }),
        tableColumn(d, 'subject', col.string(200)),
        tableColumn(d, 'payload', col.text()),
        tableColumn(d, 'headers', col.text(), { nullable: true }),
        tableColumn(d, 'created_at', col.timestamp()),
        tableColumn(d, 'published_at', col.timestamp(), { nullable: true }),
      ],
      indices: [new TableIndex({ name: 'ix_fleet_outbox_pending', columnNames: ['published_at', 'created_at'] })],
    }),
  );
  await qr.createTable(
    new Table({
      name: 'fleet_inbox',
      columns: [
        tableColumn(d, 'consumer', col.string(150), { primary: true }),
        tableColumn(d, 'message_id', col.string(150), { primary: true }),
        tableColumn(d, 'processed_at', col.timestamp()),
      ],
    }),
  );
  await qr.createTable(
    new Table({
      name: 'fleet_dead_letter',
      columns: [
        tableColumn(d, 'id', col.id(), { primary: true }),
        tableColumn(d, 'consumer', col.string(150)),
        tableColumn(d, 'subject', col.string(200)),
        tableColumn(d, 'message_id', col.string(150)),
        tableColumn(d, 'payload', col.text()),
        tableColumn(d, 'error', col.text()),
        tableColumn(d, 'deliveries', col.int()),
        tableColumn(d, 'created_at', col.timestamp()),
      ],
    }),
  );
}

export async function dropEventTablesV1(qr: QueryRunner): Promise<void> {
  await qr.dropTable('fleet_dead_letter');
  await qr.dropTable('fleet_inbox');
  await qr.dropTable('fleet_outbox');
}
