import { captureMigrationSql, migrationNames, openServiceDataSource, runPendingMigrations } from '@fleet/shared-database';
import { eventEntities } from '@fleet/shared-events';
import type { ServiceDefinition } from '@fleet/shared-service-kit';
import { describe, expect, it } from '@jest/globals';
import { TEST_ENGINES, testDatabase } from './test-databases';
import { uniquePrefix } from './test-ids';

/**
 * The migration contract every service's schema must keep, run by each service's
 * `migrations.int-spec.ts`: on SQLite and PostgreSQL the migrations apply from empty, leave
 * nothing for the entities to change (entities ≡ migrations), revert completely and apply again;
 * the SQL Server DDL they generate is pinned by a snapshot.
 */
export function describeMigrationContract(def: ServiceDefinition): void {
  describe(`${def.name} migrations`, () => {
    describe.each(TEST_ENGINES)('on %s', (engine) => {
      it('should apply from empty, match the entities exactly, revert and re-apply', async () => {
        const db = await testDatabase(engine, uniquePrefix(`mig${def.name.replace(/-/g, '')}`));
        const { dataSource } = await openServiceDataSource({ url: db.url, entities: (d) => [...eventEntities(d), ...def.entities(d)], migrations: def.migrations });
        try {
          const applied = await runPendingMigrations(dataSource, `fleet:test:${def.name}`);
          expect(applied).toEqual(migrationNames(def.migrations));
          const pending = await dataSource.driver.createSchemaBuilder().log();
          expect(pending.upQueries.map((q) => q.query)).toEqual([]);
          for (let i = 0; i < def.migrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
          const qr = dataSource.createQueryRunner();
          const left = (await qr.getTables())
            .filter((t) => engine === 'sqlite' || t.schema === 'public')
            .map((t) => t.name.split('.').pop())
            .filter((t) => t !== 'fleet_migrations' && !t?.startsWith('sqlite_'));
          await qr.release();
          expect(left).toEqual([]);
          expect(await runPendingMigrations(dataSource, `fleet:test:${def.name}`)).toEqual(migrationNames(def.migrations));
        } finally {
          await dataSource.destroy();
          await db.drop();
        }
      });
    });

    // SQL Server cannot run on our CI machines (no Docker engine); where one exists, the same
    // migrations run on a real server through testcontainers.
    const withDocker = process.env.FLEET_TEST_DOCKER === '1' ? it : it.skip;
    withDocker('should apply on a real SQL Server (testcontainers)', async () => {
      const { MSSQLServerContainer } = await import('@testcontainers/mssqlserver');
      const container = await new MSSQLServerContainer('mcr.microsoft.com/mssql/server:2022-latest').acceptLicense().start();
      const url = `mssql://${container.getUsername()}:${encodeURIComponent(container.getPassword())}@${container.getHost()}:${container.getPort()}/fleet_${def.name.replace(/-/g, '_')}?encrypt=false`;
      const { dataSource } = await openServiceDataSource({ url, entities: (d) => [...eventEntities(d), ...def.entities(d)], migrations: def.migrations });
      try {
        expect(await runPendingMigrations(dataSource, `fleet:test:${def.name}`)).toEqual(migrationNames(def.migrations));
        expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
      } finally {
        await dataSource.destroy();
        await container.stop();
      }
    }, 300000);

    it('should generate the SQL Server DDL pinned in the snapshot', async () => {
      expect(await captureMigrationSql(def.migrations, 'mssql')).toMatchSnapshot();
    });
  });
}
