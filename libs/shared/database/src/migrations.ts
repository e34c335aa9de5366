import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { MIGRATIONS_TABLE } from './data-source';
import type { Dialect } from './db-url';

/** The engine a migration is running on. */
export function dialectOf(qr: QueryRunner | DataSource): Dialect {
  const ds = qr instanceof DataSource ? qr : qr.connection;
  const type = ds.driver.options.type;
  if (type === 'better-sqlite3' || type === 'sqljs') return 'sqlite';
  if (type === 'postgres') return 'postgres';
  if (type === 'mssql') return 'mssql';
  throw new Error(`unsupported driver ${type}`);
}

/** The names under which TypeORM records these migrations (class name, which ends with its timestamp). */
export function migrationNames(migrations: (new () => MigrationInterface)[]): string[] {
  return migrations.map((m) => new m().name ?? m.name);
}

/**
 * Runs pending migrations, each in its own transaction. On PostgreSQL and SQL Server an
 * application lock makes concurrent replicas wait for each other instead of racing.
 */
export async function runPendingMigrations(ds: DataSource, lockName: string): Promise<string[]> {
  const dialect = dialectOf(ds);
  const lockRunner = dialect === 'sqlite' ? undefined : ds.createQueryRunner();
  try {
    if (lockRunner) {
      await lockRunner.connect();
      if (dialect === 'postgres') await lockRunner.query('SELECT pg_advisory_lock(hashtext($1))', [lockName]);
      else await lockRunner.query(`EXEC sp_getapplock @Resource = @0, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 60000`, [lockName]);
    }
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    if (lockRunner) {
      try {
        if (dialect === 'postgres') await lockRunner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockName]);
        else await lockRunner.query(`EXEC sp_releaseapplock @Resource = @0, @LockOwner = 'Session'`, [lockName]);
      } finally {
        await lockRunner.release();
      }
    }
  }
}

/** Names of the migrations recorded as applied. */
export async function appliedMigrationNames(ds: DataSource, schema?: string): Promise<string[]> {
  const table = schema && dialectOf(ds) === 'mssql' ? `[${schema}].${MIGRATIONS_TABLE}` : MIGRATIONS_TABLE;
  const rows: { name: string }[] = await ds.query(`SELECT name FROM ${table}`);
  return rows.map((r) => r.name);
}

/**
 * The SQL the migrations generate for `dialect`, without a server (TypeORM's SQL memory mode).
 * Used to snapshot-test the SQL Server DDL on machines where SQL Server cannot run.
 */
export async function captureMigrationSql(
  migrations: (new () => MigrationInterface)[],
  dialect: 'mssql' | 'postgres',
): Promise<string[]> {
  const ds =
    dialect === 'mssql'
      ? new DataSource({ type: 'mssql', host: 'offline.invalid', database: 'fleet', entities: [], migrations: [] })
      : new DataSource({ type: 'postgres', host: 'offline.invalid', database: 'fleet', entities: [], migrations: [] });
  const qr = ds.createQueryRunner();
  qr.enableSqlMemory();
  // a migration's own statements (data moves: INSERT ... SELECT) join the captured DDL in order,
  // instead of failing for want of a server
  const memory = qr.getMemorySql();
  qr.query = (async (query: string, parameters?: unknown[]) => {
    memory.upQueries.push({ query, parameters } as (typeof memory.upQueries)[number]);
    return [];
  }) as typeof qr.query;
  for (const M of migrations) await new M().up(qr);
  return memory.upQueries.map((q) => q.query);
}
