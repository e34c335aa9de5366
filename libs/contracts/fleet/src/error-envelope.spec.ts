import { ErrorReasons, FleetErrorCodes, isErrorEnvelope, reasonOf } from './error-envelope';

describe('isErrorEnvelope()', () => {
  describe('when the value has a SERVICE.REASON code and a message', () => {
    it.each([
      ['a service code', { code: 'PLATFORM.NOT_FOUND', message: 'company 42 does not exist' }],
      ['a code with an underscore in the service', { code: 'WORK_PORTAL.INTERNAL', message: 'internal error' }],
      ['a code with a dash in the service', { code: 'MANAGEMENT-CONSOLE.VALIDATION', message: 'bad' }],
      ['a code with digits', { code: 'S3.TIMEOUT2', message: 'slow' }],
      ['a messaging-layer code', { code: FleetErrorCodes.BAD_REPLY, message: 'garbled' }],
      ['an empty message', { code: 'PLATFORM.CONFLICT', message: '' }],
      [
        'details and a correlation id',
        { code: 'PLATFORM.VALIDATION', message: 'invalid', details: { fields: [{ path: 'slug', reason: 'bad' }] }, correlationId: 'c-1' },
      ],
    ])('should accept %s', (_what, value) => {
      expect(isErrorEnvelope(value)).toBe(true);
    });
  });

  describe('when the value is not an envelope', () => {
    it.each([
      ['null', null],
      ['undefined', undefined],
      ['a string', 'PLATFORM.NOT_FOUND'],
      ['a number', 404],
      ['an array', [{ code: 'PLATFORM.NOT_FOUND', message: 'x' }]],
      ['an Error', new Error('PLATFORM.NOT_FOUND')],
      ['a lowercase code', { code: 'platform.not_found', message: 'x' }],
      ['a code without a reason', { code: 'NOT_FOUND', message: 'x' }],
      ['a code with an empty reason', { code: 'PLATFORM.', message: 'x' }],
      ['a code with an empty service', { code: '.NOT_FOUND', message: 'x' }],
      ['a code with three parts', { code: 'PLATFORM.COMPANY.NOT_FOUND', message: 'x' }],
      ['a code with a dash in the reason', { code: 'PLATFORM.NOT-FOUND', message: 'x' }],
      ['a code starting with a digit', { code: '1PLATFORM.NOT_FOUND', message: 'x' }],
      ['a code with surrounding spaces', { code: ' PLATFORM.NOT_FOUND ', message: 'x' }],
      ['a numeric code', { code: 404, message: 'x' }],
      ['no message', { code: 'PLATFORM.NOT_FOUND' }],
      ['a non-string message', { code: 'PLATFORM.NOT_FOUND', message: { text: 'x' } }],
    ])('should reject %s', (_what, value) => {
      expect(isErrorEnvelope(value)).toBe(false);
    });
  });
});

describe('reasonOf()', () => {
  it.each([
    ['PLATFORM.NOT_FOUND', 'NOT_FOUND'],
    ['WORK_PORTAL.INTERNAL', 'INTERNAL'],
    ['FLEET.TIMEOUT', 'TIMEOUT'],
    ['A.B.C', 'C'],
    ['NOT_FOUND', 'NOT_FOUND'],
    ['PLATFORM.', ''],
    ['', ''],
  ])('should read the reason of %p as %p', (code, reason) => {
    expect(reasonOf(code)).toBe(reason);
  });
});

describe('ErrorReasons', () => {
  it('should keep the reasons the gateway maps to HTTP statuses', () => {
    expect(ErrorReasons).toEqual({
      VALIDATION: 'VALIDATION',
      UNAUTHORIZED: 'UNAUTHORIZED',
      FORBIDDEN: 'FORBIDDEN',
      NOT_FOUND: 'NOT_FOUND',
      CONFLICT: 'CONFLICT',
      LOCKED: 'LOCKED',
      UNAVAILABLE: 'UNAVAILABLE',
      TIMEOUT: 'TIMEOUT',
      INTERNAL: 'INTERNAL',
    });
  });
});

describe('FleetErrorCodes', () => {
  it('should keep the codes of the messaging layer', () => {
    expect(FleetErrorCodes).toEqual({ UNAVAILABLE: 'FLEET.UNAVAILABLE', TIMEOUT: 'FLEET.TIMEOUT', BAD_REPLY: 'FLEET.BAD_REPLY' });
  });

  it('should only hold codes that pass isErrorEnvelope', () => {
    const invalid = Object.values(FleetErrorCodes).filter((code) => !isErrorEnvelope({ code, message: 'm' }));
    expect(invalid).toEqual([]);
  });
});
