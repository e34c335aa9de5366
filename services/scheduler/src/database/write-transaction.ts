import type { DataSource, EntityManager } from 'typeorm';

/**
 * A transaction that writes. On SQLite with several processes on one file (replicas), a deferred
 * transaction that reads first and then writes fails at once with "database is locked" when another
 * process wrote in between (its read snapshot is stale, so the busy timeout cannot help). Taking the
 * write lock first (what BEGIN IMMEDIATE does) makes it wait under the busy timeout instead: a no-op
 * UPDATE does that. PostgreSQL and SQL Server need nothing.
 */
export function writeTransaction<T>(ds: DataSource, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  const sqlite = ds.options.type === 'better-sqlite3';
  return ds.transaction(async (m) => {
    if (sqlite) await m.query('UPDATE environment_states SET paused = paused WHERE 1 = 0');
    return fn(m);
  });
}

/** True for a unique-key violation on any of our engines (PostgreSQL 23505, SQLite CONSTRAINT_UNIQUE/PRIMARYKEY, SQL Server 2627/2601). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; number?: unknown; driverError?: { code?: unknown; number?: unknown } };
  const code = e?.driverError?.code ?? e?.code;
  const num = e?.driverError?.number ?? e?.number;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || num === 2627 || num === 2601;
}
