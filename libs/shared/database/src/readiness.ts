import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { MIGRATIONS_TABLE } from './data-source';
import type { DbTarget } from './db-url';
import { appliedMigrationNames } from './migrations';

export interface DatabaseReadiness {
  database: { status: 'up' | 'down'; error?: string };
  migrations: { status: 'up' | 'down'; error?: string };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/**
 * Measures the database, not remembers it: SQLite is checked through a fresh read-only connection
 * to the file (an open handle would keep answering after the file was deleted or corrupted);
 * PostgreSQL / SQL Server through a query on the pool. Then every expected migration must be applied.
 */
export async function checkDatabase(ds: DataSource, target: DbTarget, expected: string[], timeoutMs = 1500): Promise<DatabaseReadiness> {
  let applied: string[];
  try {
    applied = await withTimeout(readApplied(ds, target), timeoutMs, 'the database');
  } catch (err) {
    return {
      database: { status: 'down', error: (err as Error).message },
      migrations: { status: 'down', error: 'database unreachable' },
    };
  }
  const missing = expected.filter((m) => !applied.includes(m));
  return {
    database: { status: 'up' },
    migrations: missing.length === 0 ? { status: 'up' } : { status: 'down', error: `pending migrations: ${missing.join(', ')}` },
  };
}

async function readApplied(ds: DataSource, target: DbTarget): Promise<string[]> {
  if (target.dialect !== 'sqlite') {
    await ds.query('SELECT 1');
    return appliedMigrationNames(ds, target.schema);
  }
  if (!existsSync(target.file!)) throw new Error(`database file ${target.file} is missing`);
  assertSqliteHeader(target.file!);
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(target.file!, { readonly: true, fileMustExist: true, timeout: 1000 });
  try {
    db.pragma('schema_version');
    const rows = db.prepare(`SELECT name FROM ${MIGRATIONS_TABLE}`).all() as { name: string }[];
    return rows.map((r) => r.name);
  } finally {
    db.close();
  }
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * Reads the file's first bytes: with WAL, a connection can keep answering from the log after the
 * main file was overwritten, so the header is checked on disk.
 */
function assertSqliteHeader(file: string): void {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    if (n < 16 || buf.toString('latin1') !== SQLITE_MAGIC) throw new Error(`database file ${file} is not a SQLite database (damaged or overwritten): restore it from a backup`);
  } finally {
    closeSync(fd);
  }
}
