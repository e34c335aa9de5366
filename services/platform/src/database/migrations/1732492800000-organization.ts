import { col, dialectOf, tableColumn } from '@fleet/shared-database';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Organization and access: subscriptions, projects, environments, company users, grants, invitations, bootstrap state. */
export class Organization1732492800000 implements MigrationInterface {
  name = 'Organization1732492800000';

  async up(qr: QueryRunner): Promise<void> {
    const d = dialectOf(qr);
    const id = (name: string) => tableColumn(d, name, col.id());
    const ts = (name: string, nullable = false) => tableColumn(d, name, col.timestamp(), { nullable });
    const str = (name: string, len: number, nullable = false) => tableColumn(d, name, col.string(len), { nullable });
    await qr.createTable(
      new Table({
        name: 'subscriptions',
        columns: [tableColumn(d, 'id', col.id(), { primary: true }), id('company_id'), str('kind', 20), str('name', 120), ts('created_at')],
        indices: [new TableIndex({ name: 'ux_subscriptions_company_kind', columnNames: ['company_id', 'kind'], isUnique: true })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'projects',
        columns: [
          tableColumn(d, 'id', col.id(), { primary: true }),
          id('company_id'),
          id('subscription_id'),
          str('name', 80),
          str('name_key', 80),
          str('description', 500, true),
          id('created_by'),
          ts('created_at'),
        ],
        indices: [new TableIndex({ name: 'ux_projects_company_name', columnNames: ['company_id', 'name_key'], isUnique: true })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'environments',
        columns: [tableColumn(d, 'id', col.id(), { primary: true }), id('company_id'), id('project_id'), str('kind', 20), str('name', 80), ts('created_at')],
        indices: [new TableIndex({ name: 'ux_environments_project_kind', columnNames: ['project_id', 'kind'], isUnique: true })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'company_users',
        columns: [tableColumn(d, 'id', col.id(), { primary: true }), id('company_id'), str('email', 254), str('display_name', 120), str('status', 20), ts('created_at')],
        indices: [new TableIndex({ name: 'ux_company_users_company_email', columnNames: ['company_id', 'email'], isUnique: true })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'grants',
        columns: [
          tableColumn(d, 'id', col.id(), { primary: true }),
          id('company_id'),
          id('user_id'),
          str('role', 40),
          str('resource_type', 20),
          str('resource_id', 64),
          str('granted_by', 64),
          ts('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_grants_user_role_resource', columnNames: ['user_id', 'role', 'resource_type', 'resource_id'], isUnique: true }),
          new TableIndex({ name: 'ix_grants_company_user', columnNames: ['company_id', 'user_id'] }),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'invitations',
        columns: [
          tableColumn(d, 'id', col.id(), { primary: true }),
          id('company_id'),
          str('email', 254),
          str('display_name', 120, true),
          str('role', 40),
          id('resource_id'),
          str('token_hash', 64),
          ts('expires_at'),
          ts('accepted_at', true),
          tableColumn(d, 'accepted_by', col.id(), { nullable: true }),
          id('created_by'),
          ts('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_invitations_token_hash', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'ix_invitations_company', columnNames: ['company_id'] }),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'platform_bootstrap',
        columns: [tableColumn(d, 'id', col.string(20), { primary: true }), id('company_id'), str('admin_email', 254), str('status', 20), ts('updated_at')],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['platform_bootstrap', 'invitations', 'grants', 'company_users', 'environments', 'projects', 'subscriptions']) await qr.dropTable(t);
  }
}
