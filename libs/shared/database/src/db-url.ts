/** The three engines a service can run on. */
export type Dialect = 'sqlite' | 'postgres' | 'mssql';

/** A parsed `<SERVICE>_DB_URL`. */
export interface DbTarget {
  dialect: Dialect;
  /** sqlite: absolute file path. */
  file?: string;
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  database?: string;
  schema?: string;
  /** mssql: encrypt the connection (default true: Azure SQL requires it). */
  encrypt?: boolean;
  trustServerCertificate?: boolean;
}

/** Parses `sqlite:/path`, `postgres://u:p@h:5432/db?schema=s`, `mssql://u:p@h:1433/db?encrypt=false`. */
export function parseDbUrl(url: string): DbTarget {
  if (url.startsWith('sqlite:')) return { dialect: 'sqlite', file: url.slice('sqlite:'.length) };
  const u = new URL(url);
  const dialect: Dialect | undefined =
    u.protocol === 'postgres:' || u.protocol === 'postgresql:' ? 'postgres' : u.protocol === 'mssql:' ? 'mssql' : undefined;
  if (!dialect) throw new Error(`unsupported database URL scheme ${u.protocol} (use sqlite:, postgres:// or mssql://)`);
  const q = u.searchParams;
  return {
    dialect,
    host: u.hostname,
    port: u.port ? Number(u.port) : dialect === 'postgres' ? 5432 : 1433,
    username: decodeURIComponent(u.username) || (dialect === 'postgres' ? 'postgres' : 'sa'),
    password: decodeURIComponent(u.password) || undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || (dialect === 'postgres' ? 'postgres' : 'master'),
    schema: q.get('schema') ?? undefined,
    encrypt: q.has('encrypt') ? q.get('encrypt') === 'true' : true,
    trustServerCertificate: q.get('trustServerCertificate') === 'true',
  };
}

/** The URL with its password hidden, for logs and errors. */
export function redactDbUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
