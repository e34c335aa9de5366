import { ConfigError, readServiceConfig } from '@fleet/shared-config';
import { openServiceDataSource, runPendingMigrations } from '@fleet/shared-database';
import { eventEntities } from '@fleet/shared-events';
import { EXIT_CONFIG } from './run-service';
import type { ServiceDefinition } from './service-definition';

/** migrate.ts of every service: apply pending migrations and exit (a Helm hook Job runs this). */
export function migrateMain(def: ServiceDefinition): void {
  (async () => {
    const config = readServiceConfig(def.name, process.env, def.env);
    const { dataSource } = await openServiceDataSource({ url: config.db.url, entities: (d) => [...eventEntities(d), ...def.entities(d)], migrations: def.migrations });
    const ran = await runPendingMigrations(dataSource, `fleet:${def.name}`);
    process.stdout.write(`${def.name}: ${ran.length ? `applied ${ran.join(', ')}` : 'no pending migrations'}\n`);
    await dataSource.destroy();
  })().catch((err: unknown) => {
    process.stderr.write(`${def.name}: ${err instanceof ConfigError ? 'config error' : 'migration failed'}: ${(err as Error).message}\n`);
    process.exit(err instanceof ConfigError ? EXIT_CONFIG : 1);
  });
}
