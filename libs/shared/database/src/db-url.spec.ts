import { parseDbUrl, redactDbUrl } from './db-url';

describe('parseDbUrl()', () => {
  describe('when the URL is sqlite:', () => {
    it.each([
      ['sqlite:/var/lib/fleet/platform.db', '/var/lib/fleet/platform.db'],
      ['sqlite:data/platform.db', 'data/platform.db'],
    ])('should read %s as the file %s', (url, file) => {
      expect(parseDbUrl(url)).toEqual({ dialect: 'sqlite', file });
    });
  });

  describe('when the URL is postgres://', () => {
    it('should read every part, the schema included', () => {
      expect(parseDbUrl('postgres://fleet:s3cret@db.internal:6543/fleet?schema=fleet_platform')).toEqual({
        dialect: 'postgres',
        host: 'db.internal',
        port: 6543,
        username: 'fleet',
        password: 's3cret',
        database: 'fleet',
        schema: 'fleet_platform',
        encrypt: true,
        trustServerCertificate: false,
      });
    });

    it('should accept the postgresql:// spelling', () => {
      expect(parseDbUrl('postgresql://u:p@h/d').dialect).toBe('postgres');
    });

    it('should default the port, the user and the database', () => {
      expect(parseDbUrl('postgres://db')).toMatchObject({ host: 'db', port: 5432, username: 'postgres', password: undefined, database: 'postgres', schema: undefined });
    });

    it('should decode percent-encoded credentials and database names', () => {
      expect(parseDbUrl('postgres://fl%40eet:p%40ss%3Aw0rd@db/my%20db')).toMatchObject({ username: 'fl@eet', password: 'p@ss:w0rd', database: 'my db' });
    });
  });

  describe('when the URL is mssql://', () => {
    it('should read encrypt=false and trustServerCertificate=true', () => {
      expect(parseDbUrl('mssql://sa:Str0ng!@sql:1444/fleet?encrypt=false&trustServerCertificate=true')).toEqual({
        dialect: 'mssql',
        host: 'sql',
        port: 1444,
        username: 'sa',
        password: 'Str0ng!',
        database: 'fleet',
        schema: undefined,
        encrypt: false,
        trustServerCertificate: true,
      });
    });

    it('should encrypt by default (Azure SQL requires it) and not trust the server certificate', () => {
      expect(parseDbUrl('mssql://sql')).toMatchObject({ encrypt: true, trustServerCertificate: false });
    });

    it('should default the port, the user and the database', () => {
      expect(parseDbUrl('mssql://sql')).toMatchObject({ port: 1433, username: 'sa', database: 'master' });
    });

    it('should read encrypt=true as true', () => {
      expect(parseDbUrl('mssql://sql/db?encrypt=true').encrypt).toBe(true);
    });
  });

  describe('when the scheme is not supported', () => {
    it.each(['mysql://u:p@h/d', 'http://h/d', 'file:///tmp/x.db'])('should throw naming the scheme for %s', (url) => {
      expect(() => parseDbUrl(url)).toThrow(/^unsupported database URL scheme [a-z]+: \(use sqlite:, postgres:\/\/ or mssql:\/\/\)$/);
    });
  });
});

describe('redactDbUrl()', () => {
  it.each([
    ['postgres://fleet:s3cret@db:5432/fleet', 'postgres://fleet:***@db:5432/fleet'],
    ['mssql://sa:Str0ng!@sql/fleet?encrypt=false', 'mssql://sa:***@sql/fleet?encrypt=false'],
    ['postgres://fleet@db/fleet', 'postgres://fleet@db/fleet'],
    ['postgres://db/fleet', 'postgres://db/fleet'],
    ['sqlite:/var/lib/fleet/platform.db', 'sqlite:/var/lib/fleet/platform.db'],
  ])('should show %s as %s', (url, shown) => {
    expect(redactDbUrl(url)).toBe(shown);
  });
});
