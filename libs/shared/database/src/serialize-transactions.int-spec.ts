import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openServiceDataSource } from './data-source';

/** Concurrent transactions on SQLite's single connection (found by bench/identity.bench.mjs). */
describe('transactions on SQLite (serializeTransactions)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-sqlite-tx-'));
  let ds: DataSource;

  beforeAll(async () => {
    ({ dataSource: ds } = await openServiceDataSource({ url: `sqlite:${join(dir, 'tx.db')}`, entities: () => [], migrations: [] }));
    await ds.query('CREATE TABLE counters (id integer primary key, n integer not null)');
    await ds.query('INSERT INTO counters (id, n) VALUES (1, 0)');
  });
  afterAll(async () => {
    await ds?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should run 50 concurrent read-modify-write transactions without an error or a lost update', async () => {
    await Promise.all(
      Array.from({ length: 50 }, () =>
        ds.transaction(async (m) => {
          const [{ n }] = (await m.query('SELECT n FROM counters WHERE id = 1')) as { n: number }[];
          await new Promise((r) => setImmediate(r));
          await m.query('UPDATE counters SET n = ? WHERE id = 1', [n + 1]);
        }),
      ),
    );
    expect(await ds.query('SELECT n FROM counters WHERE id = 1')).toEqual([{ n: 50 }]);
  });

  it('should roll back a failed transaction and keep serving the next ones', async () => {
    const failed = ds.transaction(async (m) => {
      await m.query('UPDATE counters SET n = 1000 WHERE id = 1');
      throw new Error('boom');
    });
    const next = ds.transaction((m) => m.query('UPDATE counters SET n = n + 1 WHERE id = 1'));
    await expect(failed).rejects.toThrow('boom');
    await next;
    expect(await ds.query('SELECT n FROM counters WHERE id = 1')).toEqual([{ n: 51 }]);
  });

  it('should let a transaction opened inside another in the same flow nest instead of waiting for itself', async () => {
    await ds.transaction(async (m) => {
      await m.query('UPDATE counters SET n = n + 1 WHERE id = 1');
      await ds.transaction((inner) => inner.query('UPDATE counters SET n = n + 1 WHERE id = 1'));
    });
    expect(await ds.query('SELECT n FROM counters WHERE id = 1')).toEqual([{ n: 53 }]);
  });
});
