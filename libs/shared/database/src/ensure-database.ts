import type { DbTarget } from './db-url';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function checkIdent(kind: string, name: string): string {
  if (!IDENT.test(name)) throw new Error(`invalid ${kind} name "${name}": use letters, digits and _ only`);
  return name;
}

/** Creates the target's database and schema if they do not exist (PostgreSQL and SQL Server). */
export async function ensureDatabaseExists(target: DbTarget): Promise<void> {
  if (target.dialect === 'postgres') return ensurePostgres(target);
  if (target.dialect === 'mssql') return ensureMssql(target);
}

async function ensurePostgres(t: DbTarget): Promise<void> {
  const { Client } = await import('pg');
  const db = checkIdent('database', t.database!);
  const admin = new Client({ host: t.host, port: t.port, user: t.username, password: t.password, database: 'postgres', connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
    if (found.rowCount === 0) {
      try {
        await admin.query(`CREATE DATABASE "${db}"`);
      } catch (err) {
        // another replica created it at the same moment
        if ((err as { code?: string }).code !== '42P04' && (err as { code?: string }).code !== '23505') throw err;
      }
    }
  } finally {
    await admin.end();
  }
  if (t.schema) {
    const schema = checkIdent('schema', t.schema);
    const c = new Client({ host: t.host, port: t.port, user: t.username, password: t.password, database: db, connectionTimeoutMillis: 5000 });
    await c.connect();
    try {
      await c.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } catch (err) {
      if ((err as { code?: string }).code !== '42P06' && (err as { code?: string }).code !== '23505') throw err;
    } finally {
      await c.end();
    }
  }
}

async function ensureMssql(t: DbTarget): Promise<void> {
  const mssql = await import('mssql');
  const db = checkIdent('database', t.database!);
  const base = {
    server: t.host!,
    port: t.port,
    user: t.username,
    password: t.password,
    options: { encrypt: t.encrypt ?? true, trustServerCertificate: t.trustServerCertificate ?? false },
    connectionTimeout: 15000,
  };
  const admin = await new mssql.ConnectionPool({ ...base, database: 'master' }).connect();
  try {
    await admin.request().query(`IF DB_ID(N'${db}') IS NULL CREATE DATABASE [${db}]`);
  } finally {
    await admin.close();
  }
  if (t.schema) {
    const schema = checkIdent('schema', t.schema);
    const pool = await new mssql.ConnectionPool({ ...base, database: db }).connect();
    try {
      await pool.request().query(`IF SCHEMA_ID(N'${schema}') IS NULL EXEC('CREATE SCHEMA [${schema}]')`);
    } finally {
      await pool.close();
    }
  }
}
