import { col, dialectOf, tableColumn } from '@fleet/shared-database';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The receiver's table (`package_stages`), added to a runtime service's migrations by `withPackageReceiver`. */
export class PackageReceiver1732838400000 implements MigrationInterface {
  name = 'PackageReceiver1732838400000';

  async up(qr: QueryRunner): Promise<void> {
    const d = dialectOf(qr);
    await qr.createTable(
      new Table({
        name: 'package_stages',
        columns: [
          tableColumn(d, 'apply_id', col.id(), { primary: true }),
          tableColumn(d, 'environment_id', col.id()),
          tableColumn(d, 'package_id', col.string(64)),
          tableColumn(d, 'status', col.string(12)),
          tableColumn(d, 'content', col.json()),
          tableColumn(d, 'first_deployment', col.boolean()),
          tableColumn(d, 'configuration', col.json(), { nullable: true }),
          tableColumn(d, 'reason', col.text(), { nullable: true }),
          tableColumn(d, 'pending_ack', col.string(12), { nullable: true }),
          tableColumn(d, 'created_at', col.timestamp()),
          tableColumn(d, 'updated_at', col.timestamp()),
        ],
        indices: [
          new TableIndex({ name: 'ix_package_stages_environment_status', columnNames: ['environment_id', 'status'] }),
          new TableIndex({ name: 'ix_package_stages_pending_ack', columnNames: ['pending_ack'] }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('package_stages');
  }
}
