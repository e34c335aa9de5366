import { col, dialectOf, tableColumn, type Dialect } from '@fleet/shared-database';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const users = (d: Dialect): Table =>
  new Table({
    name: 'users',
    columns: [
      tableColumn(d, 'id', col.id(), { primary: true }),
      tableColumn(d, 'company_id', col.id()),
      tableColumn(d, 'realm', col.string(60)),
      tableColumn(d, 'email', col.string(254)),
      tableColumn(d, 'display_name', col.string(120)),
      tableColumn(d, 'password_hash', col.string(255), { nullable: true }),
      tableColumn(d, 'password_changed_at', col.timestamp(), { nullable: true }),
      tableColumn(d, 'must_change_password', col.boolean()),
      tableColumn(d, 'status', col.string(20)),
      tableColumn(d, 'created_at', col.timestamp()),
      tableColumn(d, 'deactivated_at', col.timestamp(), { nullable: true }),
    ],
    indices: [
      new TableIndex({ name: 'ux_users_realm_email', columnNames: ['realm', 'email'], isUnique: true }),
      new TableIndex({ name: 'ix_users_company', columnNames: ['company_id'] }),
    ],
  });

const realmPolicies = (d: Dialect): Table =>
  new Table({
    name: 'realm_policies',
    columns: [
      tableColumn(d, 'company_id', col.id(), { primary: true }),
      tableColumn(d, 'realm', col.string(60), { primary: true }),
      ...['password_min_length', 'password_min_classes', 'password_expiry_days', 'lockout_threshold', 'lockout_window_seconds', 'lockout_duration_seconds', 'idle_timeout_seconds', 'max_sessions'].map(
        (name) => tableColumn(d, name, col.int()),
      ),
      tableColumn(d, 'mfa_required', col.boolean()),
      tableColumn(d, 'updated_at', col.timestamp()),
    ],
  });

const loginFailures = (d: Dialect): Table =>
  new Table({
    name: 'login_failures',
    columns: [
      tableColumn(d, 'id', col.id(), { primary: true }),
      tableColumn(d, 'realm', col.string(60)),
      tableColumn(d, 'scope', col.string(10)),
      tableColumn(d, 'subject', col.string(254)),
      tableColumn(d, 'created_at', col.timestamp()),
      tableColumn(d, 'locked_until', col.timestamp(), { nullable: true }),
    ],
    indices: [new TableIndex({ name: 'ix_login_failures_subject', columnNames: ['realm', 'scope', 'subject', 'created_at'] })],
  });

const sessions = (d: Dialect): Table =>
  new Table({
    name: 'sessions',
    columns: [
      tableColumn(d, 'id', col.id(), { primary: true }),
      tableColumn(d, 'user_id', col.id()),
      tableColumn(d, 'company_id', col.id()),
      tableColumn(d, 'realm', col.string(60)),
      tableColumn(d, 'client_ip', col.string(64), { nullable: true }),
      tableColumn(d, 'created_at', col.timestamp()),
      tableColumn(d, 'last_used_at', col.timestamp()),
      tableColumn(d, 'revoked_at', col.timestamp(), { nullable: true }),
      tableColumn(d, 'revoke_reason', col.string(30), { nullable: true }),
    ],
    indices: [new TableIndex({ name: 'ix_sessions_user', columnNames: ['user_id', 'revoked_at'] })],
  });

const refreshTokens = (d: Dialect): Table =>
  new Table({
    name: 'refresh_tokens',
    columns: [
      tableColumn(d, 'id', col.id(), { primary: true }),
      tableColumn(d, 'session_id', col.id()),
      tableColumn(d, 'token_hash', col.string(64)),
      tableColumn(d, 'created_at', col.timestamp()),
      tableColumn(d, 'used_at', col.timestamp(), { nullable: true }),
    ],
    indices: [
      new TableIndex({ name: 'ux_refresh_tokens_hash', columnNames: ['token_hash'], isUnique: true }),
      new TableIndex({ name: 'ix_refresh_tokens_session', columnNames: ['session_id'] }),
    ],
  });

const signingKeys = (d: Dialect): Table =>
  new Table({
    name: 'signing_keys',
    columns: [
      tableColumn(d, 'kid', col.string(64), { primary: true }),
      tableColumn(d, 'generation', col.int()),
      tableColumn(d, 'alg', col.string(10)),
      tableColumn(d, 'public_jwk', col.text()),
      tableColumn(d, 'private_key_enc', col.text()),
      tableColumn(d, 'status', col.string(20)),
      tableColumn(d, 'created_at', col.timestamp()),
      tableColumn(d, 'retire_after', col.timestamp(), { nullable: true }),
    ],
    indices: [new TableIndex({ name: 'ux_signing_keys_generation', columnNames: ['generation'], isUnique: true })],
  });

/** Identity: users, realm policies, login failures (lockout), sessions with refresh tokens, signing keys. */
export class Identity1795000000000 implements MigrationInterface {
  name = 'Identity1795000000000';

  async up(qr: QueryRunner): Promise<void> {
    const d = dialectOf(qr);
    for (const table of [users, realmPolicies, loginFailures, sessions, refreshTokens, signingKeys]) await qr.createTable(table(d));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const name of ['signing_keys', 'refresh_tokens', 'sessions', 'login_failures', 'realm_policies', 'users']) await qr.dropTable(name);
  }
}
