import { ConfigError, readEnv, vars, type VarSpec } from './env-spec';

/** The error readEnv throws for `env`; fails the test when it does not throw one. */
function configErrorOf(spec: Record<string, VarSpec<unknown>>, env: NodeJS.ProcessEnv): ConfigError {
  try {
    readEnv(spec, env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('ConfigError', () => {
  describe('when the variable is not set', () => {
    it('should say what is expected and that it is not set', () => {
      const err = new ConfigError('PLATFORM_HEALTH_PORT', 'a port number', undefined);

      expect(err).toBeInstanceOf(Error);
      expect(err.name).toBe('ConfigError');
      expect(err.message).toBe('PLATFORM_HEALTH_PORT must be a port number (it is not set)');
      expect(err).toMatchObject({ variable: 'PLATFORM_HEALTH_PORT', expected: 'a port number', got: undefined });
    });
  });

  describe('when the variable has a bad value', () => {
    it('should quote the value', () => {
      expect(new ConfigError('LOG_LEVEL', 'one of info, debug', 'loud').message).toBe('LOG_LEVEL must be one of info, debug (got "loud")');
    });
  });

  describe('when the variable name says it holds a secret', () => {
    it.each(['SMTP_PASSWORD', 'API_SECRET', 'GITHUB_TOKEN', 'SIGNING_KEY', 'smtp_password'])('should hide the value of %s', (variable) => {
      const err = new ConfigError(variable, 'at least 12 characters', 'hunter2');

      expect(err.message).toBe(`${variable} must be at least 12 characters (got "***")`);
      expect(err.message).not.toContain('hunter2');
    });
  });

  describe('when the value is a URL with a password', () => {
    it.each([
      ['mysql://fleet:s3cret@db:3306/fleet', 'mysql://fleet:***@db:3306/fleet'],
      ['postgres://fleet:p%40ss:w0rd@db/fleet?schema=x', 'postgres://fleet:***@db/fleet?schema=x'],
      ['nats://user:pw@nats:4222', 'nats://user:***@nats:4222'],
    ])('should hide the password of %s', (url, shown) => {
      const err = new ConfigError('FLEET_DB_URL', 'a database URL', url);

      expect(err.message).toBe(`FLEET_DB_URL must be a database URL (got ${JSON.stringify(shown)})`);
    });

    it('should leave a URL without a password as it is', () => {
      expect(new ConfigError('NATS_URL', 'a nats URL', 'http://user@nats:4222').message).toContain('"http://user@nats:4222"');
    });
  });
});

describe('readEnv()', () => {
  const spec = {
    PORT: vars.port('the port', 8080),
    NAME: vars.string('the name'),
  };

  describe('when every variable is set and valid', () => {
    it('should return the parsed values under the variable names', () => {
      expect(readEnv(spec, { PORT: '9000', NAME: 'fleet' })).toEqual({ PORT: 9000, NAME: 'fleet' });
    });

    it('should trim the raw value before parsing it', () => {
      expect(readEnv(spec, { PORT: ' 9000\n', NAME: 'fleet' }).PORT).toBe(9000);
    });

    it('should ignore variables the spec does not declare', () => {
      expect(Object.keys(readEnv(spec, { PORT: '1', NAME: 'n', OTHER: 'x' })).sort()).toEqual(['NAME', 'PORT']);
    });
  });

  describe('when a variable with a default is unset or empty', () => {
    it.each([
      ['unset', undefined],
      ['empty', ''],
    ])('should use the default when it is %s', (_what, raw) => {
      expect(readEnv(spec, { PORT: raw, NAME: 'n' }).PORT).toBe(8080);
    });

    it('should call a function default only when the default is needed', () => {
      const def = jest.fn(() => 'computed');
      const lazy = { DIR: { expected: 'a directory', doc: 'd', default: def, parse: (raw: string) => raw } };

      expect(readEnv(lazy, { DIR: '/set' }).DIR).toBe('/set');
      expect(def).not.toHaveBeenCalled();
      expect(readEnv(lazy, {}).DIR).toBe('computed');
      expect(def).toHaveBeenCalledTimes(1);
    });
  });

  describe('when a required variable is missing', () => {
    it.each([
      ['unset', {}],
      ['empty', { NAME: '' }],
    ])('should throw a ConfigError naming it when it is %s', (_what, env) => {
      const err = configErrorOf(spec, env);

      expect(err.variable).toBe('NAME');
      expect(err.message).toBe('NAME must be a non-empty string (it is not set)');
    });
  });

  describe('when a value does not parse', () => {
    it('should throw a ConfigError naming the variable, the expectation and the raw value', () => {
      const err = configErrorOf(spec, { PORT: 'eighty', NAME: 'n' });

      expect(err).toMatchObject({ variable: 'PORT', got: 'eighty' });
      expect(err.message).toBe('PORT must be a port number between 0 and 65535 (0: any free port) (got "eighty")');
    });

    it('should name the first bad variable in spec order', () => {
      expect(configErrorOf(spec, { PORT: 'x' }).variable).toBe('PORT');
    });
  });

  describe('when a secret variable is invalid', () => {
    it('should not leak its value in the message', () => {
      const secret = { SMTP_PASSWORD: vars.string('the password', undefined, /^.{12,}$/, 'at least 12 characters') };

      const err = configErrorOf(secret, { SMTP_PASSWORD: 'hunter2' });

      expect(err.message).toBe('SMTP_PASSWORD must be at least 12 characters (got "***")');
    });
  });
});

describe('vars', () => {
  describe('port()', () => {
    const port = vars.port('p', 9400);

    it.each([
      ['0', 0],
      ['80', 80],
      ['65535', 65535],
      ['08080', 8080],
    ])('should accept %s', (raw, value) => {
      expect(port.parse(raw)).toBe(value);
    });

    it.each(['65536', '-1', '80.5', '1e3', '0x50', 'http', ''])('should reject %p', (raw) => {
      expect(port.parse(raw)).toBeUndefined();
    });

    it('should default to the given port', () => {
      expect(port.default).toBe(9400);
    });

    describe('when no default is given', () => {
      it('should make the variable required', () => {
        expect('default' in vars.port('p')).toBe(false);
        expect(configErrorOf({ P: vars.port('p') }, {}).variable).toBe('P');
      });
    });
  });

  describe('int()', () => {
    const timeout = vars.int('t', 5000, 100, 300000);

    it.each([
      ['100', 100],
      ['5000', 5000],
      ['300000', 300000],
    ])('should accept %s', (raw, value) => {
      expect(timeout.parse(raw)).toBe(value);
    });

    it.each(['99', '300001', '1.5', '5s', 'abc', ''])('should reject %p', (raw) => {
      expect(timeout.parse(raw)).toBeUndefined();
    });

    it('should accept negative numbers when the range allows them', () => {
      expect(vars.int('offset', 0, -10, 10).parse('-5')).toBe(-5);
    });

    it('should state the range it expects and its default', () => {
      expect(timeout).toMatchObject({ expected: 'an integer between 100 and 300000', default: 5000 });
    });
  });

  describe('host()', () => {
    const host = vars.host('h', '127.0.0.1');

    it.each(['localhost', '0.0.0.0', '::1', 'fe80::1', 'my-host.example.com', 'db_1'])('should accept %s', (raw) => {
      expect(host.parse(raw)).toBe(raw);
    });

    it.each(['a b', 'http://x', 'host/path', 'user@host', ''])('should reject %p', (raw) => {
      expect(host.parse(raw)).toBeUndefined();
    });
  });

  describe('oneOf()', () => {
    const level = vars.oneOf('l', ['info', 'debug'] as const, 'info');

    it('should accept a listed value', () => {
      expect(level.parse('debug')).toBe('debug');
    });

    it.each(['INFO', 'verbose', ''])('should reject %p', (raw) => {
      expect(level.parse(raw)).toBeUndefined();
    });

    it('should list the values it expects', () => {
      expect(level.expected).toBe('one of info, debug');
    });
  });

  describe('bool()', () => {
    const flag = vars.bool('b', true);

    it.each(['true', '1', 'yes', 'TRUE', 'Yes'])('should read %s as true', (raw) => {
      expect(flag.parse(raw)).toBe(true);
    });

    it.each(['false', '0', 'no', 'FALSE', 'No'])('should read %s as false', (raw) => {
      expect(flag.parse(raw)).toBe(false);
    });

    it.each(['on', 'off', 'y', '2', ''])('should reject %p', (raw) => {
      expect(flag.parse(raw)).toBeUndefined();
    });
  });

  describe('string()', () => {
    describe('when there is no pattern', () => {
      it('should accept any value', () => {
        expect(vars.string('s').parse('any thing')).toBe('any thing');
      });
    });

    describe('when there is a pattern', () => {
      const slug = vars.string('s', 'x', /^[a-z]+$/, 'lowercase letters');

      it('should accept a matching value', () => {
        expect(slug.parse('abc')).toBe('abc');
      });

      it('should reject a value that does not match', () => {
        expect(slug.parse('ABC')).toBeUndefined();
      });

      it('should say what it expects in the given words', () => {
        expect(slug.expected).toBe('lowercase letters');
      });
    });

    describe('when no default is given', () => {
      it('should make the variable required', () => {
        expect('default' in vars.string('s')).toBe(false);
      });
    });

    describe('when an empty default is given', () => {
      it('should keep the variable optional with that default', () => {
        expect(readEnv({ S: vars.string('s', '') }, {}).S).toBe('');
      });
    });
  });

  describe('natsUrls()', () => {
    const urls = vars.natsUrls('n', 'nats://127.0.0.1:4222');

    it('should default to a list of the one default URL', () => {
      expect(urls.default).toEqual(['nats://127.0.0.1:4222']);
    });

    it.each([
      ['nats://a:4222', ['nats://a:4222']],
      ['nats://a:4222, tls://b:4222', ['nats://a:4222', 'tls://b:4222']],
      ['ws://a:8080,wss://b', ['ws://a:8080', 'wss://b']],
      ['nats://a:4222,', ['nats://a:4222']],
    ])('should split %p into %p', (raw, list) => {
      expect(urls.parse(raw)).toEqual(list);
    });

    it.each(['http://a:4222', 'nats://a:4222,http://b', 'a:4222', 'nats://', 'nats://a b', ',', ''])('should reject %p', (raw) => {
      expect(urls.parse(raw)).toBeUndefined();
    });
  });
});
