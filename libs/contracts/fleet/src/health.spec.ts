import { validatePayload } from '@fleet/shared-validation';
import { HealthCheckReply, HealthCheckRequest, healthCheckSubject } from './health';
import { BackendServices } from './service-names';

describe('healthCheckSubject()', () => {
  it('should answer on <service>.health.check for every backend service', () => {
    expect(Object.fromEntries(BackendServices.map((s) => [s, healthCheckSubject(s)]))).toEqual({
      accounts: 'accounts.health.check',
      platform: 'platform.health.check',
      catalog: 'catalog.health.check',
      deployment: 'deployment.health.check',
      scheduler: 'scheduler.health.check',
      connector: 'connector.health.check',
      'work-portal': 'work-portal.health.check',
      'management-console': 'management-console.health.check',
      smtp: 'smtp.health.check',
    });
  });
});

describe('HealthCheckRequest', () => {
  describe('when the request is empty', () => {
    it('should pass validation', () => {
      expect(validatePayload(HealthCheckRequest, {}, 'FLEET')).toBeInstanceOf(HealthCheckRequest);
    });
  });

  describe('when the request has a property', () => {
    it('should be rejected', () => {
      expect(() => validatePayload(HealthCheckRequest, { verbose: true }, 'FLEET')).toThrow(
        expect.objectContaining({ code: 'FLEET.VALIDATION', details: { fields: [expect.objectContaining({ path: 'verbose' })] } }),
      );
    });
  });
});

describe('HealthCheckReply', () => {
  const aReply = (over: Record<string, unknown> = {}) => ({
    service: 'platform',
    status: 'up',
    checks: { nats: { status: 'up' }, database: { status: 'up' } },
    ...over,
  });

  describe('when the reply is valid', () => {
    it.each([
      ['up', aReply()],
      ['down with an error', aReply({ status: 'down', checks: { database: { status: 'down', error: 'file missing' } } })],
      ['with a version', aReply({ version: '1.2.3' })],
    ])('should pass when %s', (_what, reply) => {
      expect(validatePayload(HealthCheckReply, reply, 'FLEET')).toEqual(reply);
    });
  });

  describe('when a field is invalid', () => {
    it.each([
      ['service', { service: undefined }],
      ['status', { status: 'degraded' }],
      ['checks', { checks: 'all good' }],
      ['version', { version: 3 }],
    ])('should name %s', (field, over) => {
      let paths: string[] = [];
      try {
        validatePayload(HealthCheckReply, aReply(over), 'FLEET');
      } catch (err) {
        paths = ((err as { details?: { fields?: { path: string }[] } }).details?.fields ?? []).map((f) => f.path);
      }
      expect([...new Set(paths)]).toEqual([field]);
    });
  });
});
