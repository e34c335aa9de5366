import type { EntitySchema } from 'typeorm';
import { dataSourceOptions, MIGRATIONS_TABLE, type ServiceDataSourceOptions } from './data-source';
import { parseDbUrl, type Dialect } from './db-url';

class M1700000000000Init {}

function serviceOptions(over: Partial<ServiceDataSourceOptions> = {}) {
  const entities = jest.fn((_d: Dialect): EntitySchema[] => []);
  return { entities, options: { url: 'unused', entities, migrations: [M1700000000000Init], ...over } as ServiceDataSourceOptions };
}

describe('MIGRATIONS_TABLE', () => {
  it('should be fleet_migrations', () => {
    expect(MIGRATIONS_TABLE).toBe('fleet_migrations');
  });
});

describe('dataSourceOptions()', () => {
  describe('on every engine', () => {
    it.each(['sqlite:/data/p.db', 'postgres://u@db/fleet', 'mssql://sa@sql/fleet'])('should never synchronize or run migrations on its own (%s)', (url) => {
      const { options } = serviceOptions();

      expect(dataSourceOptions(parseDbUrl(url), options)).toMatchObject({
        migrations: [M1700000000000Init],
        migrationsTableName: 'fleet_migrations',
        migrationsTransactionMode: 'each',
        migrationsRun: false,
        synchronize: false,
        logging: false,
      });
    });

    it.each<[string, Dialect]>([
      ['sqlite:/data/p.db', 'sqlite'],
      ['postgres://u@db/fleet', 'postgres'],
      ['mssql://sa@sql/fleet', 'mssql'],
    ])('should build the entities of %s for the %s dialect', (url, dialect) => {
      const { options, entities } = serviceOptions();

      dataSourceOptions(parseDbUrl(url), options);

      expect(entities).toHaveBeenCalledWith(dialect);
    });
  });

  describe('when the target is sqlite', () => {
    it('should open the file with better-sqlite3 in WAL mode', () => {
      expect(dataSourceOptions(parseDbUrl('sqlite:/data/p.db'), serviceOptions().options)).toMatchObject({
        type: 'better-sqlite3',
        database: '/data/p.db',
        enableWAL: true,
      });
    });

    it('should make every commit durable, wait for locks and enforce foreign keys', () => {
      const db = { pragma: jest.fn() };
      const o = dataSourceOptions(parseDbUrl('sqlite:/data/p.db'), serviceOptions().options) as { prepareDatabase: (db: unknown) => void };

      o.prepareDatabase(db);

      expect(db.pragma.mock.calls.map(([p]) => p)).toEqual(['synchronous = FULL', 'busy_timeout = 5000', 'foreign_keys = ON']);
    });
  });

  describe('when the target is postgres', () => {
    it('should connect to the schema through the search path', () => {
      expect(dataSourceOptions(parseDbUrl('postgres://fleet:pw@db:6543/fleet?schema=fleet_platform'), serviceOptions({ poolSize: 3 }).options)).toMatchObject({
        type: 'postgres',
        host: 'db',
        port: 6543,
        username: 'fleet',
        password: 'pw',
        database: 'fleet',
        schema: 'fleet_platform',
        poolSize: 3,
        extra: { options: '-c search_path=fleet_platform', connectionTimeoutMillis: 5000 },
      });
    });

    it('should leave the schema and search path alone when none is given, with a pool of 10', () => {
      const o = dataSourceOptions(parseDbUrl('postgres://db/fleet'), serviceOptions().options) as unknown as Record<string, unknown>;

      expect(o.schema).toBeUndefined();
      expect(o.poolSize).toBe(10);
      expect(o.extra).toEqual({ connectionTimeoutMillis: 5000 });
    });
  });

  describe('when the target is mssql', () => {
    it('should encrypt and check the certificate by default', () => {
      expect(dataSourceOptions(parseDbUrl('mssql://sa:pw@sql/fleet'), serviceOptions().options)).toMatchObject({
        type: 'mssql',
        host: 'sql',
        port: 1433,
        database: 'fleet',
        pool: { max: 10 },
        options: { encrypt: true, trustServerCertificate: false },
      });
    });

    it('should follow encrypt=false and trustServerCertificate=true from the URL', () => {
      expect(dataSourceOptions(parseDbUrl('mssql://sql/fleet?encrypt=false&trustServerCertificate=true&schema=fleet_smtp'), serviceOptions().options)).toMatchObject({
        schema: 'fleet_smtp',
        options: { encrypt: false, trustServerCertificate: true },
      });
    });
  });
});
