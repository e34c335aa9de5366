import { col, dialectOf, tableColumn } from '@fleet/shared-database';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Work Portal users of environments, with their organization data (roles, groups, manager). */
export class EnvironmentUsers1732579200000 implements MigrationInterface {
  name = 'EnvironmentUsers1732579200000';

  async up(qr: QueryRunner): Promise<void> {
    const d = dialectOf(qr);
    await qr.createTable(
      new Table({
        name: 'environment_users',
        columns: [
          tableColumn(d, 'id', col.id(), { primary: true }),
          tableColumn(d, 'company_id', col.id()),
          tableColumn(d, 'environment_id', col.id()),
          tableColumn(d, 'email', col.string(254)),
          tableColumn(d, 'display_name', col.string(120)),
          tableColumn(d, 'roles', col.json()),
          tableColumn(d, 'groups', col.json()),
          tableColumn(d, 'manager_id', col.id(), { nullable: true }),
          tableColumn(d, 'status', col.string(20)),
          tableColumn(d, 'created_at', col.timestamp()),
        ],
        indices: [new TableIndex({ name: 'ux_environment_users_env_email', columnNames: ['environment_id', 'email'], isUnique: true })],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('environment_users');
  }
}
