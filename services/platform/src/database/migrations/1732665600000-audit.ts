import { col, dialectOf, tableColumn } from '@fleet/shared-database';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The security audit log of every company. */
export class Audit1732665600000 implements MigrationInterface {
  name = 'Audit1732665600000';

  async up(qr: QueryRunner): Promise<void> {
    const d = dialectOf(qr);
    await qr.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          tableColumn(d, 'id', col.id(), { primary: true }),
          tableColumn(d, 'company_id', col.id()),
          tableColumn(d, 'category', col.string(20)),
          tableColumn(d, 'action', col.string(60)),
          tableColumn(d, 'actor_id', col.string(64), { nullable: true }),
          tableColumn(d, 'subject_id', col.string(64), { nullable: true }),
          tableColumn(d, 'client_ip', col.string(45), { nullable: true }),
          tableColumn(d, 'details', col.json()),
          tableColumn(d, 'at', col.timestamp()),
        ],
        indices: [new TableIndex({ name: 'ix_audit_log_company_at', columnNames: ['company_id', 'at'] })],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('audit_log');
  }
}
