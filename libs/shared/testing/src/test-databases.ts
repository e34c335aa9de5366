import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** The engines every integration suite runs on (SQL Server only where a Docker engine exists). */
export type TestEngine = 'sqlite' | 'postgres';
export const TEST_ENGINES: TestEngine[] = ['sqlite', 'postgres'];

/** The PostgreSQL server the global setup resolved (environment > Docker > local binaries). */
export function testPgUrl(): string {
  const url = process.env.TEST_PG_URL;
  if (!url) throw new Error('TEST_PG_URL is not set: run the integration tests through jest.int.config.js (its global setup resolves PostgreSQL)');
  return url;
}

/**
 * A database of its own for one test: a SQLite file in a fresh temp dir, or a fresh PostgreSQL
 * database (created by the service itself, since services create missing databases). `drop()`
 * removes it.
 */
export async function testDatabase(engine: TestEngine, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `fleet-${name}-`));
    return { url: `sqlite:${join(dir, `${name}.db`)}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const base = new URL(testPgUrl());
  const db = `t_${name}`.replace(/[^a-z0-9_]/g, '_').slice(0, 60);
  const url = new URL(base.toString());
  url.pathname = `/${db}`;
  return {
    url: url.toString(),
    drop: async () => {
      const admin = new Client({ connectionString: base.toString() });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
