import { col, dialectOf, tableColumn } from '@fleet/shared-database';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Connector definitions, per-environment parameters and outbound policy, and the invocation log. */
export class Connectors1732752000000 implements MigrationInterface {
  name = 'Connectors1732752000000';

  async up(qr: QueryRunner): Promise<void> {
    const d = dialectOf(qr);
    await qr.createTable(
      new Table({
        name: 'connector_definitions',
        columns: [
          tableColumn(d, 'id', col.id(), { primary: true }),
          tableColumn(d, 'environment_id', col.id()),
          tableColumn(d, 'name', col.string(80)),
          tableColumn(d, 'display_name', col.string(120)),
          tableColumn(d, 'content', col.json()),
          tableColumn(d, 'package_id', col.string(64), { nullable: true }),
          tableColumn(d, 'updated_at', col.timestamp()),
        ],
        indices: [new TableIndex({ name: 'ux_connector_definitions_env_name', columnNames: ['environment_id', 'name'], isUnique: true })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'connector_parameters',
        columns: [
          tableColumn(d, 'id', col.id(), { primary: true }),
          tableColumn(d, 'environment_id', col.id()),
          tableColumn(d, 'name', col.string(80)),
          tableColumn(d, 'secret', col.boolean()),
          tableColumn(d, 'value', col.text(), { nullable: true }),
          tableColumn(d, 'secret_ref', col.string(200), { nullable: true }),
          tableColumn(d, 'updated_at', col.timestamp()),
        ],
        indices: [new TableIndex({ name: 'ux_connector_parameters_env_name', columnNames: ['environment_id', 'name'], isUnique: true })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'connector_settings',
        columns: [
          tableColumn(d, 'environment_id', col.id(), { primary: true }),
          tableColumn(d, 'allow_http', col.boolean()),
          tableColumn(d, 'allow_private_networks', col.boolean()),
          tableColumn(d, 'updated_at', col.timestamp()),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'connector_invocations',
        columns: [
          tableColumn(d, 'id', col.id(), { primary: true }),
          tableColumn(d, 'environment_id', col.id()),
          tableColumn(d, 'connector', col.string(80)),
          tableColumn(d, 'source', col.string(10)),
          tableColumn(d, 'idempotency_key', col.string(200)),
          tableColumn(d, 'status', col.string(10)),
          tableColumn(d, 'attempts', col.int()),
          tableColumn(d, 'started_at', col.timestamp()),
          tableColumn(d, 'duration_ms', col.int(), { nullable: true }),
          tableColumn(d, 'http_status', col.int(), { nullable: true }),
          tableColumn(d, 'error_name', col.string(80), { nullable: true }),
          tableColumn(d, 'failure_kind', col.string(30), { nullable: true }),
          tableColumn(d, 'failure_message', col.string(500), { nullable: true }),
          tableColumn(d, 'request', col.json(), { nullable: true }),
          tableColumn(d, 'response', col.json(), { nullable: true }),
          tableColumn(d, 'attempt_log', col.json()),
          tableColumn(d, 'result', col.json(), { nullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'ux_connector_invocations_env_key', columnNames: ['environment_id', 'idempotency_key'], isUnique: true }),
          new TableIndex({ name: 'ix_connector_invocations_env_started', columnNames: ['environment_id', 'started_at'] }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('connector_invocations');
    await qr.dropTable('connector_settings');
    await qr.dropTable('connector_parameters');
    await qr.dropTable('connector_definitions');
  }
}
