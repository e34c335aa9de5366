import { col, dialectOf, tableColumn, type ColumnKind, type Dialect } from '@fleet/shared-database';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

type Col = [name: string, kind: ColumnKind, o?: { primary?: boolean; nullable?: boolean }];

function table(d: Dialect, name: string, cols: Col[], indices: { name: string; columns: string[]; unique?: boolean }[] = []): Table {
  return new Table({
    name,
    columns: cols.map(([n, k, o]) => tableColumn(d, n, k, o ?? {})),
    indices: indices.map((i) => new TableIndex({ name: i.name, columnNames: i.columns, isUnique: i.unique ?? false })),
  });
}

/** Packages, signing and trust, deployments with their acknowledgements, environment state and configuration, maintenance windows, audit. */
export class Deployment1732752000000 implements MigrationInterface {
  name = 'Deployment1732752000000';

  async up(qr: QueryRunner): Promise<void> {
    const d = dialectOf(qr);
    await qr.createTable(table(d, 'signing_keys', [['id', col.string(20), { primary: true }], ['key_id', col.string(22)], ['public_key', col.string(64)], ['private_key', col.text()], ['created_at', col.timestamp()]]));
    await qr.createTable(
      table(
        d,
        'trusted_keys',
        [['id', col.id(), { primary: true }], ['company_id', col.id()], ['key_id', col.string(22)], ['public_key', col.string(64)], ['name', col.string(120)], ['added_by', col.string(64)], ['created_at', col.timestamp()]],
        [{ name: 'ux_trusted_keys_company_key', columns: ['company_id', 'key_id'], unique: true }],
      ),
    );
    await qr.createTable(
      table(
        d,
        'packages',
        [
          ['id', col.id(), { primary: true }],
          ['package_id', col.string(64)],
          ['project_id', col.id()],
          ['company_id', col.id()],
          ['tag', col.string(64)],
          ['version', col.int()],
          ['commit_id', col.id()],
          ['origin', col.string(10)],
          ['signed_by', col.string(22)],
          ['file', col.text()],
          ['created_by', col.string(64)],
          ['created_at', col.timestamp()],
        ],
        [{ name: 'ux_packages_project_package', columns: ['project_id', 'package_id'], unique: true }],
      ),
    );
    await qr.createTable(
      table(
        d,
        'deployments',
        [
          ['id', col.id(), { primary: true }],
          ['environment_id', col.id()],
          ['environment_kind', col.string(20)],
          ['project_id', col.id()],
          ['company_id', col.id()],
          ['package_id', col.string(64)],
          ['previous_package_id', col.string(64), { nullable: true }],
          ['status', col.string(12)],
          ['reason', col.text(), { nullable: true }],
          ['first_deployment', col.boolean()],
          ['maintenance', col.boolean()],
          ['acknowledgers', col.json()],
          ['started_by', col.string(64)],
          ['started_at', col.timestamp()],
          ['deadline', col.timestamp()],
          ['committed_at', col.timestamp(), { nullable: true }],
          ['finished_at', col.timestamp(), { nullable: true }],
          ['override_by', col.string(64), { nullable: true }],
          ['override_reason', col.string(500), { nullable: true }],
        ],
        [
          { name: 'ix_deployments_environment_started', columns: ['environment_id', 'started_at'] },
          { name: 'ix_deployments_status', columns: ['status'] },
          { name: 'ix_deployments_project_package', columns: ['project_id', 'package_id'] },
        ],
      ),
    );
    await qr.createTable(
      table(
        d,
        'apply_acks',
        [['id', col.id(), { primary: true }], ['deployment_id', col.id()], ['service', col.string(64)], ['outcome', col.string(12)], ['reason', col.text(), { nullable: true }], ['at', col.timestamp()]],
        [{ name: 'ux_apply_acks_deployment_service_outcome', columns: ['deployment_id', 'service', 'outcome'], unique: true }],
      ),
    );
    await qr.createTable(
      table(d, 'environment_states', [
        ['environment_id', col.id(), { primary: true }],
        ['company_id', col.id()],
        ['project_id', col.id()],
        ['kind', col.string(20)],
        ['current_package_id', col.string(64), { nullable: true }],
        ['current_deployment_id', col.id(), { nullable: true }],
        ['applying_deployment_id', col.id(), { nullable: true }],
        ['updated_at', col.timestamp()],
      ]),
    );
    await qr.createTable(table(d, 'environment_configs', [['environment_id', col.id(), { primary: true }], ['company_id', col.id()], ['configuration', col.json()], ['seeded_by', col.id()], ['created_at', col.timestamp()]]));
    await qr.createTable(
      table(
        d,
        'maintenance_windows',
        [
          ['environment_id', col.id(), { primary: true }],
          ['company_id', col.id()],
          ['state', col.string(12)],
          ['reason', col.string(12), { nullable: true }],
          ['deployment_id', col.id(), { nullable: true }],
          ['message', col.string(500)],
          ['since', col.timestamp()],
          ['announcement_start', col.timestamp(), { nullable: true }],
          ['announcement_end', col.timestamp(), { nullable: true }],
          ['announcement_message', col.string(500), { nullable: true }],
          ['updated_by', col.string(64)],
        ],
        [{ name: 'ix_maintenance_windows_state', columns: ['state'] }],
      ),
    );
    await qr.createTable(
      table(
        d,
        'deployment_audit',
        [['id', col.id(), { primary: true }], ['company_id', col.id()], ['action', col.string(60)], ['actor_id', col.string(64)], ['subject_id', col.string(64), { nullable: true }], ['details', col.json()], ['at', col.timestamp()]],
        [{ name: 'ix_deployment_audit_company_at', columns: ['company_id', 'at'] }],
      ),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['deployment_audit', 'maintenance_windows', 'environment_configs', 'environment_states', 'apply_acks', 'deployments', 'packages', 'trusted_keys', 'signing_keys']) await qr.dropTable(t);
  }
}
