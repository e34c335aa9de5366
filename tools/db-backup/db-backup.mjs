#!/usr/bin/env node
// Backup and restore of one Fleet service's database (the URL the service reads: <SERVICE>_DB_URL).
//
//   node tools/db-backup/db-backup.mjs backup  --url <DB URL> --file <backup file>
//   node tools/db-backup/db-backup.mjs restore --url <DB URL> --file <backup file>
//   (--url-env ACCOUNTS_DB_URL reads the URL from that environment variable instead of --url)
//
// sqlite:<path>   backup: better-sqlite3's online backup API (sqlite3_backup): a consistent copy
//                 taken while the service keeps running and writing (WAL content included); the
//                 copy is checked with PRAGMA integrity_check. restore: the service must be stopped;
//                 the backup is checked, then copied into the database through the same API (so
//                 SQLite rewrites the file and its WAL consistently), then checked again.
// postgres://...  backup: pg_dump --format=custom (a consistent snapshot; the service keeps
//                 running); with ?schema=<s> in the URL only that schema (how FLEET_DB_URL shares
//                 one database). restore: pg_restore --clean --if-exists --single-transaction into
//                 the database (created if missing): all or nothing. Stop the service or scale it
//                 to zero first. pg_dump/pg_restore come from PATH, else the newest
//                 /usr/lib/postgresql/<version>/bin.
// mssql://...     not handled here: use Azure SQL point-in-time restore or BACKUP DATABASE.
//
// Exit codes: 0 done, 1 failed (the reason on stderr), 2 bad arguments.
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(ROOT, 'package.json'));

class UsageError extends Error {}

function parseArgs(argv) {
  const [command, ...rest] = argv;
  if (!['backup', 'restore'].includes(command)) throw new UsageError('first argument: backup or restore');
  const opts = {};
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i];
    const value = rest[i + 1];
    if (!['--url', '--url-env', '--file'].includes(key) || value === undefined) throw new UsageError(`unexpected argument ${key ?? ''}`);
    opts[key.slice(2)] = value;
  }
  const url = opts.url ?? (opts['url-env'] ? process.env[opts['url-env']] : undefined);
  if (!url) throw new UsageError(opts['url-env'] ? `${opts['url-env']} is not set` : '--url (or --url-env) is required');
  if (!opts.file) throw new UsageError('--file is required');
  return { command, url, file: resolve(opts.file) };
}

/** sqlite:<path> -> absolute path (sqlite:relative is relative to the working directory). */
function sqlitePath(url) {
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  if (!path) throw new UsageError('sqlite URL without a path');
  return resolve(path);
}

function integrity(Database, path) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check');
    const result = rows.map((r) => r.integrity_check).join('; ');
    if (result !== 'ok') throw new Error(`integrity_check of ${path}: ${result}`);
    return db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get().n;
  } finally {
    db.close();
  }
}

async function sqliteBackup(url, file) {
  const Database = require('better-sqlite3');
  const source = sqlitePath(url);
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  const db = new Database(source, { fileMustExist: true });
  try {
    await db.backup(file);
  } finally {
    db.close();
  }
  const tables = integrity(Database, file);
  return `${source} -> ${file} (${statSync(file).size} bytes, ${tables} tables, integrity ok)`;
}

async function sqliteRestore(url, file) {
  const Database = require('better-sqlite3');
  const target = sqlitePath(url);
  if (!existsSync(file)) throw new Error(`no backup at ${file}`);
  integrity(Database, file);
  const src = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await src.backup(target);
  } finally {
    src.close();
  }
  const tables = integrity(Database, target);
  return `${file} -> ${target} (${tables} tables, integrity ok)`;
}

/** pg_dump / pg_restore: PATH first, else the newest /usr/lib/postgresql/<version>/bin. */
export function pgTool(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try { accessSync(join(dir, name), constants.X_OK); return join(dir, name); } catch { /* next */ }
  }
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const p = join(base, v, 'bin', name);
    if (existsSync(p)) return p;
  }
  throw new Error(`${name} not found (install the PostgreSQL client: apt-get install postgresql-client)`);
}

/** libpq environment and options from a postgres:// URL. */
function pgTarget(url) {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres';
  const env = {
    ...process.env,
    PGHOST: u.hostname || '127.0.0.1',
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username || 'postgres'),
    PGDATABASE: database,
  };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode') ?? (u.searchParams.get('ssl') === 'true' ? 'require' : undefined);
  if (sslmode) env.PGSSLMODE = sslmode;
  return { env, database, schema: u.searchParams.get('schema') ?? undefined, url: u };
}

function run(file, args, env) {
  return new Promise((resolveRun, reject) => {
    execFile(file, args, { env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file.split('/').pop()} failed: ${(stderr || err.message).trim().split('\n').slice(0, 8).join('\n')}`));
      else resolveRun(stdout);
    });
  });
}

async function ensureDatabase(target) {
  const pg = require('pg');
  const admin = new URL(target.url);
  admin.pathname = '/postgres';
  admin.search = '';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [target.database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${target.database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

async function pgBackup(url, file) {
  const target = pgTarget(url);
  const args = ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`];
  if (target.schema) args.push(`--schema=${target.schema}`);
  await run(pgTool('pg_dump'), args, target.env);
  return `${target.database}${target.schema ? ` (schema ${target.schema})` : ''} -> ${file} (${statSync(file).size} bytes)`;
}

async function pgRestore(url, file) {
  if (!existsSync(file)) throw new Error(`no backup at ${file}`);
  const target = pgTarget(url);
  await ensureDatabase(target);
  const args = ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error',
    `--dbname=${target.database}`, file]; // a schema-only dump restores just that schema
  await run(pgTool('pg_restore'), args, target.env);
  return `${file} -> ${target.database}${target.schema ? ` (schema ${target.schema})` : ''}`;
}

export async function main(argv) {
  const { command, url, file } = parseArgs(argv);
  if (url.startsWith('sqlite:')) return command === 'backup' ? sqliteBackup(url, file) : sqliteRestore(url, file);
  if (/^postgres(ql)?:\/\//.test(url)) return command === 'backup' ? pgBackup(url, file) : pgRestore(url, file);
  if (url.startsWith('mssql://')) throw new UsageError('mssql:// is not handled by this tool: use Azure SQL point-in-time restore or BACKUP DATABASE / RESTORE DATABASE');
  throw new UsageError(`unsupported database URL scheme in "${url.replace(/\/\/[^@/]*@/, '//***@')}"`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((line) => {
    process.stdout.write(`db-backup: ${process.argv[2]}: ${line}\n`);
  }, (err) => {
    process.stderr.write(`db-backup: ${err.message}\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
  });
}
