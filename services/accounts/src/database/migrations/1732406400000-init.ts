import { col, dialectOf, tableColumn } from '@fleet/shared-database';
import { createEventTablesV1, dropEventTablesV1 } from '@fleet/shared-events';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Initial schema of accounts: event tables and realms. */
export class Init1732406400000 implements MigrationInterface {
  name = 'Init1732406400000';

  async up(qr: QueryRunner): Promise<void> {
    const d = dialectOf(qr);
    await createEventTablesV1(qr);
    await qr.createTable(
      new Table({
        name: 'realms',
        columns: [
          tableColumn(d, 'id', col.id(), { primary: true }),
          tableColumn(d, 'company_id', col.id()),
          tableColumn(d, 'name', col.string(80)),
          tableColumn(d, 'kind', col.string(20)),
          tableColumn(d, 'created_at', col.timestamp()),
        ],
        indices: [
          new TableIndex({ name: 'ux_realms_company_name', columnNames: ['company_id', 'name'], isUnique: true }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('realms');
    await dropEventTablesV1(qr);
  }
}
