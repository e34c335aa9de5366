import { RpcException } from '@nestjs/microservices';
import { FleetError, TransientError } from './fleet-error';
import { toEnvelope } from './to-envelope';

const INTERNAL_MESSAGE = 'internal error: see the service log for this correlation id';

describe('toEnvelope()', () => {
  describe('when a FleetError was thrown', () => {
    it('should keep its code, message and details, with the correlation id', () => {
      const err = new FleetError('PLATFORM.NOT_FOUND', 'company 42 does not exist', { companyId: '42' });

      expect(toEnvelope(err, 'platform', 'corr-1')).toEqual({
        envelope: { code: 'PLATFORM.NOT_FOUND', message: 'company 42 does not exist', details: { companyId: '42' }, correlationId: 'corr-1' },
        known: true,
      });
    });

    it('should keep the code of a subclass', () => {
      expect(toEnvelope(new TransientError('PLATFORM.UNAVAILABLE', 'busy'), 'platform').envelope.code).toBe('PLATFORM.UNAVAILABLE');
    });
  });

  describe('when an error envelope was thrown', () => {
    const envelope = { code: 'ACCOUNTS.NOT_FOUND', message: 'no realm', details: { companyId: 'c' }, correlationId: 'from-accounts' };

    it('should pass it through as known', () => {
      expect(toEnvelope(envelope, 'gateway')).toEqual({ envelope, known: true });
    });

    it('should set the correlation id of this request when one is given', () => {
      expect(toEnvelope(envelope, 'gateway', 'corr-2').envelope).toEqual({ ...envelope, correlationId: 'corr-2' });
    });

    it('should not change the thrown object', () => {
      const thrown = { ...envelope };

      toEnvelope(thrown, 'gateway', 'corr-3');

      expect(thrown).toEqual(envelope);
    });
  });

  describe('when an envelope arrives wrapped in an RpcException', () => {
    it('should unwrap it', () => {
      const envelope = { code: 'PLATFORM.CONFLICT', message: 'slug taken' };

      expect(toEnvelope(new RpcException(envelope), 'platform', 'corr-4')).toEqual({ envelope: { ...envelope, correlationId: 'corr-4' }, known: true });
    });
  });

  describe('when anything else was thrown', () => {
    it.each([
      ['an Error', new Error('connect ECONNREFUSED postgres://fleet:hunter2@db')],
      ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'hunter2')")],
      ['a string', 'hunter2'],
      ['null', null],
      ['undefined', undefined],
      ['an object with a lowercase code', { code: 'platform.oops', message: 'hunter2' }],
      ['an RpcException with a plain message', new RpcException('hunter2')],
    ])('should mask %s as PLATFORM.INTERNAL without leaking its message', (_what, thrown) => {
      const { envelope, known } = toEnvelope(thrown, 'platform', 'corr-5');

      expect(known).toBe(false);
      expect(envelope).toStrictEqual({ code: 'PLATFORM.INTERNAL', message: INTERNAL_MESSAGE, correlationId: 'corr-5' });
      expect(JSON.stringify(envelope)).not.toContain('hunter2');
    });

    it.each([
      ['work-portal', 'WORK_PORTAL.INTERNAL'],
      ['management-console', 'MANAGEMENT_CONSOLE.INTERNAL'],
      ['gateway', 'GATEWAY.INTERNAL'],
    ])('should name the code of %s %s', (service, code) => {
      expect(toEnvelope(new Error('boom'), service).envelope).toStrictEqual({ code, message: INTERNAL_MESSAGE });
    });
  });
});
