import { col, dialectOf, tableColumn } from '@fleet/shared-database';
import { createEventTablesV1, dropEventTablesV1 } from '@fleet/shared-events';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Initial schema of platform: event tables and companies. */
export class Init1732406400000 implements MigrationInterface {
  name = 'Init1732406400000';

  async up(qr: QueryRunner): Promise<void> {
    const d = dialectOf(qr);
    await createEventTablesV1(qr);
    await qr.createTable(
      new Table({
        name: 'companies',
        columns: [
          tableColumn(d, 'id', col.id(), { primary: true }),
          tableColumn(d, 'name', col.string(120)),
          tableColumn(d, 'slug', col.string(40)),
          tableColumn(d, 'created_at', col.timestamp()),
        ],
        indices: [
          new TableIndex({ name: 'ux_companies_slug', columnNames: ['slug'], isUnique: true }),
          new TableIndex({ name: 'ux_companies_name', columnNames: ['name'], isUnique: true }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('companies');
    await dropEventTablesV1(qr);
  }
}
