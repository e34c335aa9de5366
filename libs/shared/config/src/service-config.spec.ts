import { resolve } from 'node:path';
import { ConfigError, vars } from './env-spec';
import { baseEnvSpec, DEFAULT_HEALTH_PORTS, readServiceConfig } from './service-config';

/** The ConfigError readServiceConfig throws; fails the test when it does not throw one. */
function configErrorOf(service: string, env: NodeJS.ProcessEnv): ConfigError {
  try {
    readServiceConfig(service, env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('DEFAULT_HEALTH_PORTS', () => {
  it('should give every service its port from ARCHITECTURE.md', () => {
    expect(DEFAULT_HEALTH_PORTS).toEqual({
      gateway: 9400,
      accounts: 9401,
      platform: 9402,
      catalog: 9403,
      deployment: 9404,
      scheduler: 9405,
      connector: 9406,
      'work-portal': 9407,
      'management-console': 9408,
      smtp: 9409,
    });
  });
});

describe('baseEnvSpec()', () => {
  describe('when the service name has a dash', () => {
    it('should name its own variables with the WORK_PORTAL_ prefix', () => {
      expect(Object.keys(baseEnvSpec('work-portal')).sort()).toEqual(
        [
          'NATS_URL',
          'FLEET_SUBJECT_PREFIX',
          'WORK_PORTAL_DB_URL',
          'FLEET_DB_URL',
          'FLEET_DATA_DIR',
          'WORK_PORTAL_MIGRATIONS_RUN',
          'WORK_PORTAL_HEALTH_PORT',
          'WORK_PORTAL_HEALTH_HOST',
          'LOG_LEVEL',
          'FLEET_REQUEST_TIMEOUT_MS',
          'FLEET_SHUTDOWN_GRACE_MS',
          'FLEET_TOKEN_ISSUER',
          'FLEET_SERVICE_SECRET',
          'OTEL_TRACES_EXPORTER',
          'OTEL_EXPORTER_OTLP_ENDPOINT',
          'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
          'FLEET_TRACE_FILE',
        ].sort(),
      );
    });
  });

  it('should document every variable', () => {
    const undocumented = Object.entries(baseEnvSpec('platform'))
      .filter(([, v]) => !v.doc || !v.expected)
      .map(([k]) => k);
    expect(undocumented).toEqual([]);
  });
});

describe('readServiceConfig()', () => {
  describe('when the environment is empty', () => {
    it('should use every documented default', () => {
      const config = readServiceConfig('platform', {});

      expect(config).toEqual({
        service: 'platform',
        nats: { servers: ['nats://127.0.0.1:4222'], subjectPrefix: '', name: `platform-${process.pid}` },
        db: { url: `sqlite:${resolve('.data', 'platform.db')}`, migrationsRun: true },
        health: { port: 9402, host: '127.0.0.1' },
        logLevel: 'info',
        requestTimeoutMs: 5000,
        shutdownGraceMs: 5000,
        dataDir: resolve('.data'),
        tokenIssuer: 'fleet',
        serviceSecret: '',
        tracing: { exporter: 'none', file: resolve('.data', 'traces.jsonl') },
        env: {},
      });
    });

    it('should send spans to an OTLP collector at <endpoint>/v1/traces, or to the traces URL when given', () => {
      expect(readServiceConfig('platform', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({ exporter: 'otlp', otlpUrl: 'http://collector:4318/v1/traces', file: resolve('.data', 'traces.jsonl') });
      expect(readServiceConfig('platform', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://b/traces' }).tracing.otlpUrl).toBe('https://b/traces');
    });

    it('should refuse an unknown exporter and a collector URL that is not http(s), naming the variable', () => {
      expect(() => readServiceConfig('platform', { OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/OTEL_TRACES_EXPORTER/);
      expect(() => readServiceConfig('platform', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    });

    it.each(Object.entries(DEFAULT_HEALTH_PORTS))('should give %s its default health port %i', (service, port) => {
      expect(readServiceConfig(service, {}).health.port).toBe(port);
    });

    it('should leave FLEET_SERVICE_SECRET empty outside production (the kit then shares a generated one)', () => {
      expect(readServiceConfig('platform', { NODE_ENV: 'development' }).serviceSecret).toBe('');
    });

    it('should refuse to boot in production without FLEET_SERVICE_SECRET', () => {
      expect(() => readServiceConfig('platform', { NODE_ENV: 'production' })).toThrow('FLEET_SERVICE_SECRET must be set in production');
    });

    it('should give a service missing from the table port 9400', () => {
      expect(readServiceConfig('billing', {}).health.port).toBe(9400);
    });
  });

  describe('FLEET_SERVICE_SECRET', () => {
    it('should take a secret of at least 32 printable characters', () => {
      expect(readServiceConfig('platform', { FLEET_SERVICE_SECRET: 's'.repeat(32), NODE_ENV: 'production' }).serviceSecret).toBe('s'.repeat(32));
    });

    it.each([['too short', 's'.repeat(31)], ['with a space', `${'s'.repeat(32)} x`]])('should refuse a secret %s, without echoing it', (_what, value) => {
      expect(() => readServiceConfig('platform', { FLEET_SERVICE_SECRET: value })).toThrow(/^FLEET_SERVICE_SECRET must be .*\(got "\*\*\*"\)$/);
    });
  });

  describe('when the service is work-portal', () => {
    it('should read the WORK_PORTAL_* variables', () => {
      const config = readServiceConfig('work-portal', {
        WORK_PORTAL_DB_URL: 'postgres://wp@db/wp',
        WORK_PORTAL_HEALTH_PORT: '19407',
        WORK_PORTAL_HEALTH_HOST: '0.0.0.0',
        WORK_PORTAL_MIGRATIONS_RUN: 'false',
      });

      expect(config.db).toEqual({ url: 'postgres://wp@db/wp', migrationsRun: false });
      expect(config.health).toEqual({ port: 19407, host: '0.0.0.0' });
    });

    it('should ignore variables spelled with the dash', () => {
      expect(readServiceConfig('work-portal', { 'WORK-PORTAL_HEALTH_PORT': '1' }).health.port).toBe(9407);
    });

    it('should name WORK_PORTAL_HEALTH_PORT when it is bad', () => {
      expect(configErrorOf('work-portal', { WORK_PORTAL_HEALTH_PORT: '70000' }).variable).toBe('WORK_PORTAL_HEALTH_PORT');
    });

    it('should give it the schema fleet_work_portal in a shared PostgreSQL database', () => {
      expect(readServiceConfig('work-portal', { FLEET_DB_URL: 'postgres://u:p@db:5432/fleet' }).db.url).toBe(
        'postgres://u:p@db:5432/fleet?schema=fleet_work_portal',
      );
    });
  });

  describe('when the service has its own database URL', () => {
    it('should prefer it over FLEET_DB_URL and use it as it is', () => {
      const config = readServiceConfig('platform', {
        PLATFORM_DB_URL: 'postgres://p:secret@pg:5432/platform',
        FLEET_DB_URL: 'postgres://f:other@pg:5432/fleet',
      });

      expect(config.db.url).toBe('postgres://p:secret@pg:5432/platform');
    });

    it('should keep an absolute sqlite path', () => {
      expect(readServiceConfig('platform', { PLATFORM_DB_URL: 'sqlite:/var/lib/fleet/platform.db' }).db.url).toBe('sqlite:/var/lib/fleet/platform.db');
    });

    it('should make a relative sqlite path absolute', () => {
      expect(readServiceConfig('platform', { PLATFORM_DB_URL: 'sqlite:data/p.db' }).db.url).toBe(`sqlite:${resolve('data/p.db')}`);
    });

    it('should accept an mssql URL', () => {
      expect(readServiceConfig('platform', { PLATFORM_DB_URL: 'mssql://sa:pw@sql:1433/platform?encrypt=false' }).db.url).toBe(
        'mssql://sa:pw@sql:1433/platform?encrypt=false',
      );
    });
  });

  describe('when only FLEET_DB_URL is set', () => {
    it('should give each service its own file in a sqlite directory', () => {
      expect(readServiceConfig('platform', { FLEET_DB_URL: 'sqlite:/var/lib/fleet' }).db.url).toBe('sqlite:/var/lib/fleet/platform.db');
      expect(readServiceConfig('management-console', { FLEET_DB_URL: 'sqlite:/var/lib/fleet' }).db.url).toBe(
        'sqlite:/var/lib/fleet/management-console.db',
      );
    });

    it('should resolve a relative sqlite directory', () => {
      expect(readServiceConfig('smtp', { FLEET_DB_URL: 'sqlite:state' }).db.url).toBe(`sqlite:${resolve('state', 'smtp.db')}`);
    });

    it.each([
      ['platform', 'fleet_platform'],
      ['management-console', 'fleet_management_console'],
    ])('should give %s the schema %s in a shared PostgreSQL database', (service, schema) => {
      expect(readServiceConfig(service, { FLEET_DB_URL: 'postgresql://u:p@db:5432/fleet' }).db.url).toBe(`postgresql://u:p@db:5432/fleet?schema=${schema}`);
    });

    it('should keep the other query parameters', () => {
      expect(readServiceConfig('platform', { FLEET_DB_URL: 'postgres://u@db/fleet?sslmode=require' }).db.url).toBe(
        'postgres://u@db/fleet?sslmode=require&schema=fleet_platform',
      );
    });

    it('should keep a schema given in the URL', () => {
      expect(readServiceConfig('platform', { FLEET_DB_URL: 'postgres://u@db/fleet?schema=shared' }).db.url).toBe('postgres://u@db/fleet?schema=shared');
    });

    it('should give each service its own schema in a shared SQL Server database', () => {
      expect(readServiceConfig('smtp', { FLEET_DB_URL: 'mssql://sa:pw@sql:1433/fleet?encrypt=false' }).db.url).toBe(
        'mssql://sa:pw@sql:1433/fleet?encrypt=false&schema=fleet_smtp',
      );
    });
  });

  describe('when only FLEET_DATA_DIR is set', () => {
    it('should put the service database file in that directory', () => {
      const config = readServiceConfig('catalog', { FLEET_DATA_DIR: '/srv/fleet' });

      expect(config.db.url).toBe('sqlite:/srv/fleet/catalog.db');
      expect(config.dataDir).toBe('/srv/fleet');
    });
  });

  describe('when a database URL has an unsupported scheme', () => {
    it.each(['PLATFORM_DB_URL', 'FLEET_DB_URL'])('should throw a ConfigError naming %s and hiding the password', (variable) => {
      const err = configErrorOf('platform', { [variable]: 'mysql://fleet:s3cret@db:3306/fleet' });

      expect(err.variable).toBe(variable);
      expect(err.message).toContain('mysql://fleet:***@db:3306/fleet');
      expect(err.message).not.toContain('s3cret');
    });

    it.each(['sqlite:', 'postgres://', 'file:/tmp/x.db'])('should reject %p', (url) => {
      expect(configErrorOf('platform', { PLATFORM_DB_URL: url }).variable).toBe('PLATFORM_DB_URL');
    });
  });

  describe('when a database URL has a valid scheme but cannot be parsed', () => {
    // Fails today (reported): the DB URL check only looks at the scheme, so a URL that `new URL`
    // refuses passes as valid. Through FLEET_DB_URL readServiceConfig then throws a bare
    // "TypeError: Invalid URL"; through <SERVICE>_DB_URL it is accepted and the boot fails later.
    // Either way the service exits 1 with a line that does not name the variable, instead of
    // the documented config error (exit 78).
    it.each(['FLEET_DB_URL', 'PLATFORM_DB_URL'])('should throw a ConfigError naming %s', (variable) => {
      expect(() => readServiceConfig('platform', { [variable]: 'postgres://fleet:s3cret@bad host:5432/fleet' })).toThrow(
        expect.objectContaining({ name: 'ConfigError', variable }),
      );
    });
  });

  describe('when FLEET_SUBJECT_PREFIX is set', () => {
    it.each([
      ['t1', 't1.'],
      ['t1.', 't1.'],
      ['CI_run-7', 'CI_run-7.'],
      ['', ''],
    ])('should turn %p into the subject prefix %p', (prefix, subjectPrefix) => {
      expect(readServiceConfig('platform', { FLEET_SUBJECT_PREFIX: prefix }).nats.subjectPrefix).toBe(subjectPrefix);
    });

    it.each(['a.b', 'a b', 'a*', 'a>', 'a..'])('should reject %p with a ConfigError', (prefix) => {
      expect(configErrorOf('platform', { FLEET_SUBJECT_PREFIX: prefix }).variable).toBe('FLEET_SUBJECT_PREFIX');
    });
  });

  describe('when NATS_URL is set', () => {
    it('should connect to every listed server', () => {
      expect(readServiceConfig('platform', { NATS_URL: 'nats://a:4222, nats://b:4222' }).nats.servers).toEqual(['nats://a:4222', 'nats://b:4222']);
    });

    it.each(['http://nats:4222', 'nats:4222', 'nats://a:4222,localhost'])('should reject %p with a ConfigError naming NATS_URL', (url) => {
      const err = configErrorOf('platform', { NATS_URL: url });

      expect(err.variable).toBe('NATS_URL');
      expect(err.message).toMatch(/^NATS_URL must be a comma-separated list of nats:\/\//);
    });
  });

  describe('when the other shared settings are set', () => {
    it('should read them', () => {
      const config = readServiceConfig('platform', {
        LOG_LEVEL: 'debug',
        FLEET_REQUEST_TIMEOUT_MS: '1500',
        FLEET_SHUTDOWN_GRACE_MS: '0',
        PLATFORM_HEALTH_PORT: '0',
      });

      expect(config).toMatchObject({ logLevel: 'debug', requestTimeoutMs: 1500, shutdownGraceMs: 0, health: { port: 0 } });
    });

    it.each([
      ['LOG_LEVEL', 'verbose'],
      ['FLEET_REQUEST_TIMEOUT_MS', '99'],
      ['FLEET_SHUTDOWN_GRACE_MS', '120001'],
      ['PLATFORM_HEALTH_HOST', 'http://0.0.0.0'],
      ['PLATFORM_MIGRATIONS_RUN', 'sometimes'],
    ])('should name %s when it is %p', (variable, value) => {
      expect(configErrorOf('platform', { [variable]: value }).variable).toBe(variable);
    });
  });

  describe('when the service declares its own variables', () => {
    const extra = { PLATFORM_SIGNUP_OPEN: vars.bool('let anyone create a company', false), PLATFORM_ADMIN_EMAIL: vars.string('first admin') };

    it('should return them under env', () => {
      const config = readServiceConfig('platform', { PLATFORM_SIGNUP_OPEN: 'yes', PLATFORM_ADMIN_EMAIL: 'a@b.c' }, extra);

      expect(config.env).toEqual({ PLATFORM_SIGNUP_OPEN: true, PLATFORM_ADMIN_EMAIL: 'a@b.c' });
    });

    it('should throw a ConfigError naming a missing one', () => {
      expect(() => readServiceConfig('platform', {}, extra)).toThrow(expect.objectContaining({ name: 'ConfigError', variable: 'PLATFORM_ADMIN_EMAIL' }));
    });
  });
});
