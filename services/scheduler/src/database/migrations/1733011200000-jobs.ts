import { col, dialectOf, tableColumn } from '@fleet/shared-database';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Jobs (with their next occurrence and lease), their runs, and paused environments. */
export class Jobs1733011200000 implements MigrationInterface {
  name = 'Jobs1733011200000';

  async up(qr: QueryRunner): Promise<void> {
    const d = dialectOf(qr);
    await qr.createTable(
      new Table({
        name: 'jobs',
        columns: [
          tableColumn(d, 'id', col.id(), { primary: true }),
          tableColumn(d, 'company_id', col.id()),
          tableColumn(d, 'environment_id', col.id()),
          tableColumn(d, 'kind', col.string(12)),
          tableColumn(d, 'source', col.string(12)),
          tableColumn(d, 'name', col.string(120)),
          tableColumn(d, 'job_key', col.string(220)),
          tableColumn(d, 'schedule', col.json()),
          tableColumn(d, 'overlap', col.string(12)),
          tableColumn(d, 'misfire_policy', col.string(12)),
          tableColumn(d, 'misfire_window_seconds', col.int()),
          tableColumn(d, 'jitter_seconds', col.int()),
          tableColumn(d, 'run_timeout_seconds', col.int()),
          tableColumn(d, 'retry', col.json(), { nullable: true }),
          tableColumn(d, 'action', col.json(), { nullable: true }),
          tableColumn(d, 'payload', col.json(), { nullable: true }),
          tableColumn(d, 'enabled', col.boolean()),
          tableColumn(d, 'env_paused', col.boolean()),
          tableColumn(d, 'state', col.string(12)),
          tableColumn(d, 'due_at', col.timestamp(), { nullable: true }),
          tableColumn(d, 'fire_at', col.timestamp(), { nullable: true }),
          tableColumn(d, 'fire_count', col.int()),
          tableColumn(d, 'attempts', col.int()),
          tableColumn(d, 'running_until', col.timestamp(), { nullable: true }),
          tableColumn(d, 'running_run_id', col.id(), { nullable: true }),
          tableColumn(d, 'buffered', col.boolean()),
          tableColumn(d, 'last_run_at', col.timestamp(), { nullable: true }),
          tableColumn(d, 'last_outcome', col.string(12), { nullable: true }),
          tableColumn(d, 'lease_owner', col.string(80), { nullable: true }),
          tableColumn(d, 'lease_token', col.id(), { nullable: true }),
          tableColumn(d, 'lease_until', col.timestamp(), { nullable: true }),
          tableColumn(d, 'created_at', col.timestamp()),
          tableColumn(d, 'updated_at', col.timestamp()),
        ],
        indices: [
          new TableIndex({ name: 'ux_jobs_env_key', columnNames: ['environment_id', 'job_key'], isUnique: true }),
          new TableIndex({ name: 'ix_jobs_fire_at', columnNames: ['fire_at'] }),
          new TableIndex({ name: 'ix_jobs_lease_token', columnNames: ['lease_token'] }),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'job_runs',
        columns: [
          tableColumn(d, 'id', col.id(), { primary: true }),
          tableColumn(d, 'job_id', col.id()),
          tableColumn(d, 'company_id', col.id()),
          tableColumn(d, 'environment_id', col.id()),
          tableColumn(d, 'due_at', col.timestamp()),
          tableColumn(d, 'fired_at', col.timestamp(), { nullable: true }),
          tableColumn(d, 'finished_at', col.timestamp(), { nullable: true }),
          tableColumn(d, 'outcome', col.string(12)),
          tableColumn(d, 'error', col.text(), { nullable: true }),
          tableColumn(d, 'attempt', col.int()),
          tableColumn(d, 'lag_ms', col.int(), { nullable: true }),
          tableColumn(d, 'replica', col.string(80), { nullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'ux_job_runs_job_due', columnNames: ['job_id', 'due_at'], isUnique: true }),
          new TableIndex({ name: 'ix_job_runs_env_due', columnNames: ['environment_id', 'due_at'] }),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'environment_states',
        columns: [
          tableColumn(d, 'environment_id', col.id(), { primary: true }),
          tableColumn(d, 'company_id', col.id()),
          tableColumn(d, 'paused', col.boolean()),
          tableColumn(d, 'updated_at', col.timestamp()),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('environment_states');
    await qr.dropTable('job_runs');
    await qr.dropTable('jobs');
  }
}
