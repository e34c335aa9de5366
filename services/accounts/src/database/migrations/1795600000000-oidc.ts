import { col, dialectOf, tableColumn, type Dialect } from '@fleet/shared-database';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const oidcProviders = (d: Dialect): Table =>
  new Table({
    name: 'oidc_providers',
    columns: [
      tableColumn(d, 'company_id', col.id(), { primary: true }),
      tableColumn(d, 'realm', col.string(80)),
      tableColumn(d, 'issuer', col.string(500)),
      tableColumn(d, 'client_id', col.string(200)),
      tableColumn(d, 'client_secret_encrypted', col.text()),
      tableColumn(d, 'scopes', col.json()),
      tableColumn(d, 'provision', col.boolean()),
      tableColumn(d, 'updated_at', col.timestamp()),
    ],
  });

const oidcStates = (d: Dialect): Table =>
  new Table({
    name: 'oidc_states',
    columns: [
      tableColumn(d, 'state_hash', col.string(64), { primary: true }),
      tableColumn(d, 'company_id', col.id()),
      tableColumn(d, 'realm', col.string(80)),
      tableColumn(d, 'nonce', col.string(64)),
      tableColumn(d, 'code_verifier_encrypted', col.text()),
      tableColumn(d, 'redirect_uri', col.string(500)),
      tableColumn(d, 'expires_at', col.timestamp()),
    ],
    indices: [new TableIndex({ name: 'ix_oidc_states_expires', columnNames: ['expires_at'] })],
  });

/** External OpenID Connect providers per company realm, and the one-time state of sign-ins in flight. */
export class Oidc1795600000000 implements MigrationInterface {
  name = 'Oidc1795600000000';

  async up(qr: QueryRunner): Promise<void> {
    const d = dialectOf(qr);
    await qr.createTable(oidcProviders(d));
    await qr.createTable(oidcStates(d));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('oidc_states');
    await qr.dropTable('oidc_providers');
  }
}
