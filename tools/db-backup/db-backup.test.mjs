// Backup and restore of a real service database (platform's migrations applied by its built
// migrate.js), on SQLite and on PostgreSQL (TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres).
//   node --test tools/db-backup/   (after `npx tsc -b tsconfig.build.json`)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOOL = join(ROOT, 'tools', 'db-backup', 'db-backup.mjs');
const require = createRequire(join(ROOT, 'package.json'));
const Database = require('better-sqlite3');
const pg = require('pg');
const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECRET = 'db-backup-test-service-secret-0123456789';

function node(args, env = {}) {
  return new Promise((resolveRun) => {
    execFile(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolveRun({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

async function migratePlatform(url) {
  const r = await node([join(ROOT, 'services', 'platform', 'dist', 'migrate.js')], { PLATFORM_DB_URL: url, FLEET_SERVICE_SECRET: SECRET });
  assert.equal(r.code, 0, `platform migrate.js failed (is the build there? npx tsc -b tsconfig.build.json):\n${r.stderr}`);
}

const tool = (...args) => node([TOOL, ...args]);

let dir;
before(() => { dir = mkdtempSync(join(tmpdir(), 'fleet-db-backup-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite', () => {
  test('online backup while a writer holds the database (WAL included), restore after damage', async () => {
    const dbFile = join(dir, 'platform.db');
    const url = `sqlite:${dbFile}`;
    await migratePlatform(url);
    // A running service: one open connection in WAL mode whose last commits are still in the WAL.
    const live = new Database(dbFile);
    live.pragma('journal_mode = WAL');
    live.pragma('wal_autocheckpoint = 0');
    live.exec('CREATE TABLE backup_probe (id INTEGER PRIMARY KEY, note TEXT NOT NULL)');
    const insert = live.prepare('INSERT INTO backup_probe (note) VALUES (?)');
    for (let i = 0; i < 200; i += 1) insert.run(`row ${i}`);
    const migrations = live.prepare('SELECT count(*) AS n FROM fleet_migrations').get().n;
    assert.ok(migrations > 0, 'platform migrations applied');

    const backupFile = join(dir, 'platform.backup.db');
    const b = await tool('backup', '--url', url, '--file', backupFile);
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stdout, /integrity ok/);
    // Writes after the backup are not in it; then the service stops and the database is damaged.
    insert.run('after the backup');
    live.close();
    const damage = new Database(dbFile);
    damage.exec('DROP TABLE backup_probe; DELETE FROM fleet_migrations;');
    damage.close();

    const r = await tool('restore', '--url', url, '--file', backupFile);
    assert.equal(r.code, 0, r.stderr);
    const restored = new Database(dbFile, { readonly: true });
    assert.equal(restored.prepare('SELECT count(*) AS n FROM backup_probe').get().n, 200);
    assert.equal(restored.prepare("SELECT count(*) AS n FROM backup_probe WHERE note = 'after the backup'").get().n, 0);
    assert.equal(restored.prepare('SELECT count(*) AS n FROM fleet_migrations').get().n, migrations);
    restored.close();
    // The restored database is one the service accepts: its migrations have nothing left to do.
    const again = await node([join(ROOT, 'services', 'platform', 'dist', 'migrate.js')], { PLATFORM_DB_URL: url, FLEET_SERVICE_SECRET: SECRET });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /no pending migrations/);
  });

  test('a corrupt backup is refused and the database is left alone', async () => {
    const dbFile = join(dir, 'keep.db');
    const keep = new Database(dbFile);
    keep.exec("CREATE TABLE t (x); INSERT INTO t VALUES ('kept')");
    keep.close();
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is not a database');
    const r = await tool('restore', '--url', `sqlite:${dbFile}`, '--file', junk);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /db-backup: .*(not a database|integrity)/);
    const check = new Database(dbFile, { readonly: true });
    assert.equal(check.prepare('SELECT x FROM t').get().x, 'kept');
    check.close();
  });
});

describe('PostgreSQL', () => {
  const name = `fleet_backup_test_${process.pid}_${Date.now().toString(36)}`;
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const admin = async (sql) => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try { return await c.query(sql); } finally { await c.end(); }
  };
  const onDb = async (target, fn) => {
    const c = new pg.Client({ connectionString: target });
    await c.connect();
    try { return await fn(c); } finally { await c.end(); }
  };
  after(async () => { await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`); });

  test('pg_dump while the service is connected, pg_restore into the damaged database, and into a new one', async () => {
    await migratePlatform(url.toString());
    const migrations = await onDb(url.toString(), async (c) => {
      await c.query('CREATE TABLE backup_probe (id serial PRIMARY KEY, note text NOT NULL)');
      await c.query("INSERT INTO backup_probe (note) SELECT 'row ' || g FROM generate_series(1, 200) g");
      return Number((await c.query('SELECT count(*) AS n FROM fleet_migrations')).rows[0].n);
    });
    assert.ok(migrations > 0);
    const file = join(dir, 'platform.dump');
    // A connection holding an open transaction (a running service) does not block the dump.
    const busy = new pg.Client({ connectionString: url.toString() });
    await busy.connect();
    await busy.query('BEGIN');
    await busy.query("INSERT INTO backup_probe (note) VALUES ('uncommitted')");
    const b = await tool('backup', '--url', url.toString(), '--file', file);
    await busy.query('ROLLBACK');
    await busy.end();
    assert.equal(b.code, 0, b.stderr);

    await onDb(url.toString(), async (c) => {
      await c.query("INSERT INTO backup_probe (note) VALUES ('after the backup')");
      await c.query('DROP TABLE fleet_migrations');
    });
    const r = await tool('restore', '--url', url.toString(), '--file', file);
    assert.equal(r.code, 0, r.stderr);
    await onDb(url.toString(), async (c) => {
      assert.equal(Number((await c.query('SELECT count(*) AS n FROM backup_probe')).rows[0].n), 200);
      assert.equal(Number((await c.query("SELECT count(*) AS n FROM backup_probe WHERE note IN ('uncommitted', 'after the backup')")).rows[0].n), 0);
      assert.equal(Number((await c.query('SELECT count(*) AS n FROM fleet_migrations')).rows[0].n), migrations);
    });
    const again = await node([join(ROOT, 'services', 'platform', 'dist', 'migrate.js')], { PLATFORM_DB_URL: url.toString(), FLEET_SERVICE_SECRET: SECRET });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /no pending migrations/);

    // Restore into a database that does not exist yet (a new server): created, then filled.
    const fresh = new URL(url);
    fresh.pathname = `/${name}_copy`;
    try {
      const r2 = await tool('restore', '--url', fresh.toString(), '--file', file);
      assert.equal(r2.code, 0, r2.stderr);
      await onDb(fresh.toString(), async (c) => {
        assert.equal(Number((await c.query('SELECT count(*) AS n FROM backup_probe')).rows[0].n), 200);
      });
    } finally {
      await admin(`DROP DATABASE IF EXISTS "${name}_copy" WITH (FORCE)`);
    }
  });

  test('a schema-scoped URL (?schema=) backs up and restores that schema only', async () => {
    const scoped = new URL(url);
    scoped.searchParams.set('schema', 'fleet_platform');
    await onDb(url.toString(), async (c) => {
      await c.query('CREATE SCHEMA IF NOT EXISTS fleet_platform');
      await c.query('CREATE TABLE fleet_platform.things (id int PRIMARY KEY)');
      await c.query('INSERT INTO fleet_platform.things SELECT g FROM generate_series(1, 5) g');
      await c.query('CREATE SCHEMA IF NOT EXISTS other_service');
      await c.query('CREATE TABLE IF NOT EXISTS other_service.mine (id int)');
    });
    const file = join(dir, 'schema.dump');
    const b = await tool('backup', '--url', scoped.toString(), '--file', file);
    assert.equal(b.code, 0, b.stderr);
    await onDb(url.toString(), async (c) => {
      await c.query('DELETE FROM fleet_platform.things WHERE id > 2');
      await c.query('INSERT INTO other_service.mine VALUES (42)');
    });
    const r = await tool('restore', '--url', scoped.toString(), '--file', file);
    assert.equal(r.code, 0, r.stderr);
    await onDb(url.toString(), async (c) => {
      assert.equal(Number((await c.query('SELECT count(*) AS n FROM fleet_platform.things')).rows[0].n), 5);
      assert.equal(Number((await c.query('SELECT count(*) AS n FROM other_service.mine')).rows[0].n), 1, 'another schema is untouched');
    });
  });
});

describe('arguments', () => {
  test('bad input exits 2 with a reason', async () => {
    for (const [args, reason] of [
      [['copy'], /backup or restore/],
      [['backup', '--file', 'x'], /--url/],
      [['backup', '--url', 'mysql://x/y', '--file', 'x'], /unsupported database URL scheme/],
      [['backup', '--url', 'mssql://sa:pw@h/db', '--file', 'x'], /point-in-time restore/],
    ]) {
      const r = await tool(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, reason);
    }
  });
});
