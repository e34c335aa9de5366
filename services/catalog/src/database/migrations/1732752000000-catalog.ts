import { col, dialectOf, tableColumn } from '@fleet/shared-database';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The catalog: project heads, commits, artifacts (head state), artifact versions, locks, tags. */
export class Catalog1732752000000 implements MigrationInterface {
  name = 'Catalog1732752000000';

  async up(qr: QueryRunner): Promise<void> {
    const d = dialectOf(qr);
    const pk = (name: string) => tableColumn(d, name, col.id(), { primary: true });
    const id = (name: string) => tableColumn(d, name, col.id());
    const int = (name: string) => tableColumn(d, name, col.int());
    const ts = (name: string) => tableColumn(d, name, col.timestamp());
    const str = (name: string, len: number, nullable = false) => tableColumn(d, name, col.string(len), { nullable });
    await qr.createTable(new Table({ name: 'catalog_projects', columns: [pk('project_id'), id('company_id'), int('head_version'), ts('updated_at')] }));
    await qr.createTable(
      new Table({
        name: 'commits',
        columns: [pk('id'), id('company_id'), id('project_id'), int('version'), int('parent_version'), str('author_id', 64), str('author_name', 120), str('message', 500), int('added'), int('changed'), int('removed'), ts('created_at')],
        indices: [new TableIndex({ name: 'ux_commits_project_version', columnNames: ['project_id', 'version'], isUnique: true })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'artifacts',
        columns: [
          pk('id'),
          id('company_id'),
          id('project_id'),
          str('kind', 20),
          str('name', 80),
          str('display_name', 200),
          tableColumn(d, 'content', col.text()),
          str('content_hash', 64),
          tableColumn(d, 'refs', col.json()),
          int('version'),
          str('changed_by', 64),
          ts('changed_at'),
        ],
        indices: [new TableIndex({ name: 'ux_artifacts_project_kind_name', columnNames: ['project_id', 'kind', 'name'], isUnique: true })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'artifact_versions',
        columns: [
          pk('id'),
          id('company_id'),
          id('project_id'),
          id('artifact_id'),
          int('version'),
          id('commit_id'),
          str('change', 10),
          str('kind', 20),
          str('name', 80),
          str('display_name', 200),
          tableColumn(d, 'content', col.text(), { nullable: true }),
          str('content_hash', 64, true),
        ],
        indices: [
          new TableIndex({ name: 'ux_artifact_versions_artifact_version', columnNames: ['artifact_id', 'version'], isUnique: true }),
          new TableIndex({ name: 'ix_artifact_versions_project_version', columnNames: ['project_id', 'version'] }),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'artifact_locks',
        columns: [pk('artifact_id'), id('company_id'), id('project_id'), str('holder_id', 64), str('holder_name', 120), ts('since')],
        indices: [new TableIndex({ name: 'ix_artifact_locks_project', columnNames: ['project_id'] })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'tags',
        columns: [pk('id'), id('company_id'), id('project_id'), str('name', 64), int('version'), id('commit_id'), str('message', 500), str('created_by', 64), ts('created_at')],
        indices: [new TableIndex({ name: 'ux_tags_project_name', columnNames: ['project_id', 'name'], isUnique: true })],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['tags', 'artifact_locks', 'artifact_versions', 'artifacts', 'commits', 'catalog_projects']) await qr.dropTable(t);
  }
}
