import { col, dialectOf, tableColumn, type Dialect } from '@fleet/shared-database';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const serviceAccounts = (d: Dialect): Table =>
  new Table({
    name: 'service_accounts',
    columns: [
      tableColumn(d, 'id', col.id(), { primary: true }),
      tableColumn(d, 'company_id', col.id()),
      tableColumn(d, 'name', col.string(100)),
      tableColumn(d, 'secret_hash', col.string(64)),
      tableColumn(d, 'created_by', col.string(80)),
      tableColumn(d, 'created_at', col.timestamp()),
      tableColumn(d, 'revoked_at', col.timestamp(), { nullable: true }),
    ],
    indices: [new TableIndex({ name: 'ix_service_accounts_company', columnNames: ['company_id', 'created_at'] })],
  });

/** Customer service accounts (machine clients of a company: client-credentials grant). */
export class ServiceAccounts1795500000000 implements MigrationInterface {
  name = 'ServiceAccounts1795500000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(serviceAccounts(dialectOf(qr)));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('service_accounts');
  }
}
