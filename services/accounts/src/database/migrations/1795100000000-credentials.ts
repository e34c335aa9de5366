import { col, dialectOf, tableColumn, type Dialect } from '@fleet/shared-database';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const authChallenges = (d: Dialect): Table =>
  new Table({
    name: 'auth_challenges',
    columns: [
      tableColumn(d, 'id', col.id(), { primary: true }),
      tableColumn(d, 'kind', col.string(20)),
      tableColumn(d, 'secret_hash', col.string(64)),
      tableColumn(d, 'code_hash', col.string(64), { nullable: true }),
      tableColumn(d, 'user_id', col.id()),
      tableColumn(d, 'company_id', col.id()),
      tableColumn(d, 'realm', col.string(60)),
      tableColumn(d, 'client_ip', col.string(45), { nullable: true }),
      tableColumn(d, 'attempts', col.int()),
      tableColumn(d, 'expires_at', col.timestamp()),
      tableColumn(d, 'used_at', col.timestamp(), { nullable: true }),
      tableColumn(d, 'created_at', col.timestamp()),
    ],
    indices: [
      new TableIndex({ name: 'ux_auth_challenges_secret', columnNames: ['secret_hash'], isUnique: true }),
      new TableIndex({ name: 'ix_auth_challenges_user', columnNames: ['user_id', 'kind'] }),
    ],
  });

/** One-time secrets: password-reset tokens, password-change and MFA sign-in tickets (with the code's hash). */
export class Credentials1795100000000 implements MigrationInterface {
  name = 'Credentials1795100000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(authChallenges(dialectOf(qr)));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('auth_challenges');
  }
}
