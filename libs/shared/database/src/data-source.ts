import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm';
import { parseDbUrl, redactDbUrl, type DbTarget, type Dialect } from './db-url';
import { ensureDatabaseExists } from './ensure-database';
import { traceQueries } from './traced-queries';

/** The migration history table of every Fleet service. */
export const MIGRATIONS_TABLE = 'fleet_migrations';

export interface ServiceDataSourceOptions {
  url: string;
  /** The entity schemas of this service for the engine at hand. */
  entities: (dialect: Dialect) => EntitySchema[];
  /** Migration classes, oldest first. */
  migrations: MixedList<new () => unknown>;
  /** Log every query (debugging). */
  logging?: boolean;
  /** Pool size for PostgreSQL / SQL Server. */
  poolSize?: number;
}

/** Builds TypeORM options for a parsed target (no connection is made). */
export function dataSourceOptions(target: DbTarget, o: ServiceDataSourceOptions): DataSourceOptions {
  const common = {
    entities: o.entities(target.dialect),
    migrations: o.migrations as DataSourceOptions['migrations'],
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each' as const,
    migrationsRun: false,
    synchronize: false,
    logging: o.logging ?? false,
  };
  switch (target.dialect) {
    case 'sqlite':
      return {
        ...common,
        type: 'better-sqlite3',
        database: target.file!,
        enableWAL: true,
        // Durable at every commit: FULL syncs the WAL on each commit; busy_timeout lets a second
        // process (a replica, the migrate job, a backup) wait for the write lock instead of failing.
        prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
          db.pragma('synchronous = FULL');
          db.pragma('busy_timeout = 5000');
          db.pragma('foreign_keys = ON');
        },
      } as DataSourceOptions;
    case 'postgres':
      return {
        ...common,
        type: 'postgres',
        host: target.host,
        port: target.port,
        username: target.username,
        password: target.password,
        database: target.database,
        ...(target.schema ? { schema: target.schema } : {}),
        poolSize: o.poolSize ?? 10,
        extra: {
          ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
          connectionTimeoutMillis: 5000,
        },
      };
    case 'mssql':
      return {
        ...common,
        type: 'mssql',
        host: target.host,
        port: target.port,
        username: target.username,
        password: target.password,
        database: target.database,
        ...(target.schema ? { schema: target.schema } : {}),
        pool: { max: o.poolSize ?? 10 },
        options: { encrypt: target.encrypt ?? true, trustServerCertificate: target.trustServerCertificate ?? false },
      } as DataSourceOptions;
  }
}

/**
 * Creates (if missing) and opens the service's database, without running migrations.
 * SQLite: the directory and file are created. PostgreSQL / SQL Server: the database and schema.
 */
export async function openServiceDataSource(o: ServiceDataSourceOptions): Promise<{ dataSource: DataSource; target: DbTarget }> {
  const target = parseDbUrl(o.url);
  if (target.dialect === 'sqlite') mkdirSync(dirname(target.file!), { recursive: true });
  else await ensureDatabaseExists(target);
  const dataSource = new DataSource(dataSourceOptions(target, o));
  try {
    await dataSource.initialize();
  } catch (err) {
    throw new Error(`cannot open database ${redactDbUrl(o.url)}: ${(err as Error).message}`, { cause: err });
  }
  if (target.dialect === 'sqlite') serializeTransactions(dataSource);
  traceQueries(dataSource, target.dialect === 'postgres' ? 'postgresql' : target.dialect === 'mssql' ? 'microsoft.sql_server' : 'sqlite');
  return { dataSource, target };
}

/**
 * SQLite has one connection, and TypeORM one query runner on it: two transactions started
 * concurrently interleave on it (`cannot start a transaction within a transaction`, or one commits
 * the other's statements). `dataSource.transaction` is therefore queued: one at a time; a
 * transaction started inside another (same async flow) still nests as a savepoint.
 */
export function serializeTransactions(ds: DataSource): void {
  const inside = new AsyncLocalStorage<true>();
  const original = ds.manager.transaction.bind(ds.manager) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  const queued = (...args: unknown[]): Promise<unknown> => {
    if (inside.getStore()) return original(...args);
    const run = tail.then(() => inside.run(true, () => original(...args)));
    tail = run.catch(() => undefined);
    return run;
  };
  ds.manager.transaction = queued as typeof ds.manager.transaction;
}
