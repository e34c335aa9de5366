import { col, dialectOf, tableColumn, type Dialect } from '@fleet/shared-database';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const COLUMNS = 'company_id, realm, issuer, client_id, client_secret_encrypted, scopes, provision, updated_at';

const realmProviders = (d: Dialect): Table =>
  new Table({
    name: 'oidc_realm_providers',
    columns: [
      tableColumn(d, 'company_id', col.id(), { primary: true }),
      tableColumn(d, 'realm', col.string(80), { primary: true }),
      tableColumn(d, 'issuer', col.string(500)),
      tableColumn(d, 'client_id', col.string(200)),
      tableColumn(d, 'client_secret_encrypted', col.text()),
      tableColumn(d, 'scopes', col.json()),
      tableColumn(d, 'provision', col.boolean()),
      tableColumn(d, 'updated_at', col.timestamp()),
    ],
  });

const companyProviders = (d: Dialect): Table =>
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

/**
 * External providers per realm, not only per company: environment realms (`env:<id>`, the Work
 * Portal's sign-in) get their own. The key becomes (company, realm); existing company-realm rows move.
 */
export class OidcRealmProviders1795700000000 implements MigrationInterface {
  name = 'OidcRealmProviders1795700000000';

  async up(qr: QueryRunner): Promise<void> {
    const d = dialectOf(qr);
    await qr.createTable(realmProviders(d));
    await qr.query(`INSERT INTO oidc_realm_providers (${COLUMNS}) SELECT ${COLUMNS} FROM oidc_providers`);
    await qr.dropTable(companyProviders(d));
  }

  async down(qr: QueryRunner): Promise<void> {
    const d = dialectOf(qr);
    await qr.createTable(companyProviders(d));
    await qr.query(`INSERT INTO oidc_providers (${COLUMNS}) SELECT ${COLUMNS} FROM oidc_realm_providers WHERE realm = 'company'`);
    await qr.dropTable(realmProviders(d));
  }
}
