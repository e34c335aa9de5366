import type { ErrorEnvelope } from '@fleet/contracts-fleet';
import { errorsFor, FleetError, PoisonMessageError, TransientError } from './fleet-error';

describe('FleetError', () => {
  describe('constructor', () => {
    it('should be an Error with a code, a message, details and a cause', () => {
      const cause = new Error('driver said no');

      const err = new FleetError('PLATFORM.CONFLICT', 'slug acme is taken', { field: 'slug' }, { cause });

      expect(err).toBeInstanceOf(Error);
      expect(err).toMatchObject({ name: 'FleetError', code: 'PLATFORM.CONFLICT', message: 'slug acme is taken', details: { field: 'slug' } });
      expect(err.cause).toBe(cause);
    });
  });

  describe('toEnvelope()', () => {
    describe('when there are no details and no correlation id', () => {
      it('should hold only the code and the message', () => {
        expect(new FleetError('PLATFORM.NOT_FOUND', 'company 42 does not exist').toEnvelope()).toStrictEqual({
          code: 'PLATFORM.NOT_FOUND',
          message: 'company 42 does not exist',
        });
      });
    });

    describe('when there are details and a correlation id', () => {
      it('should carry both', () => {
        const details = { fields: [{ path: 'slug', reason: 'must be lowercase' }] };

        expect(new FleetError('PLATFORM.VALIDATION', 'invalid', details).toEnvelope('corr-1')).toStrictEqual({
          code: 'PLATFORM.VALIDATION',
          message: 'invalid',
          details,
          correlationId: 'corr-1',
        });
      });
    });

    describe('when the error has a cause', () => {
      it('should leave the cause and the stack out of the wire envelope', () => {
        const err = new FleetError('PLATFORM.INTERNAL', 'failed', undefined, { cause: new Error('password=hunter2') });

        const wire = JSON.stringify(err.toEnvelope('c'));

        expect(wire).not.toContain('hunter2');
        expect(wire).not.toContain('stack');
        expect(Object.keys(JSON.parse(wire)).sort()).toEqual(['code', 'correlationId', 'message']);
      });
    });
  });

  describe('fromEnvelope()', () => {
    describe('when an envelope comes back over the wire', () => {
      it('should rebuild a FleetError with the same code, message and details', () => {
        const envelope: ErrorEnvelope = { code: 'ACCOUNTS.NOT_FOUND', message: 'no realm', details: { companyId: 'c1' }, correlationId: 'corr-2' };

        const err = FleetError.fromEnvelope(envelope);

        expect(err).toBeInstanceOf(FleetError);
        expect(err).toMatchObject({ code: 'ACCOUNTS.NOT_FOUND', message: 'no realm', details: { companyId: 'c1' } });
      });
    });

    describe('when a FleetError makes the round trip', () => {
      it.each([
        ['with details', new FleetError('PLATFORM.VALIDATION', 'invalid', { fields: [{ path: 'name', reason: 'too short' }] })],
        ['without details', new FleetError('FLEET.TIMEOUT', 'too slow')],
      ])('should give back the same envelope %s', (_what, original) => {
        const envelope = original.toEnvelope('corr-3');

        expect(FleetError.fromEnvelope(envelope).toEnvelope('corr-3')).toStrictEqual(envelope);
      });
    });
  });
});

describe('TransientError', () => {
  it('should be a FleetError that keeps its code', () => {
    const err = new TransientError('ACCOUNTS.UNAVAILABLE', 'database busy');

    expect(err).toBeInstanceOf(FleetError);
    expect(err).toBeInstanceOf(TransientError);
    expect(err.toEnvelope()).toEqual({ code: 'ACCOUNTS.UNAVAILABLE', message: 'database busy' });
  });
});

describe('PoisonMessageError', () => {
  it('should be a FleetError distinct from TransientError', () => {
    const err = new PoisonMessageError('EVENT.INVALID', 'bad payload');

    expect(err).toBeInstanceOf(FleetError);
    expect(err).not.toBeInstanceOf(TransientError);
  });
});

describe('errorsFor()', () => {
  const platform = errorsFor('PLATFORM');

  it.each([
    ['validation', 'PLATFORM.VALIDATION'],
    ['notFound', 'PLATFORM.NOT_FOUND'],
    ['conflict', 'PLATFORM.CONFLICT'],
    ['forbidden', 'PLATFORM.FORBIDDEN'],
    ['unavailable', 'PLATFORM.UNAVAILABLE'],
  ] as const)('should build %s errors with the code %s, message and details', (shorthand, code) => {
    const err = platform[shorthand]('what happened', { id: 'x' });

    expect(err).toBeInstanceOf(FleetError);
    expect(err.toEnvelope()).toEqual({ code, message: 'what happened', details: { id: 'x' } });
  });

  describe('internal()', () => {
    it('should point to the service log by default', () => {
      expect(platform.internal().toEnvelope()).toEqual({
        code: 'PLATFORM.INTERNAL',
        message: 'internal error: see the service log for this correlation id',
      });
    });

    it('should take another message', () => {
      expect(platform.internal('outbox stuck').message).toBe('outbox stuck');
    });
  });
});
