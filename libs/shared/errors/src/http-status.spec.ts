import { ErrorReasons, FleetErrorCodes } from '@fleet/contracts-fleet';
import { httpStatusOf } from './http-status';

describe('httpStatusOf()', () => {
  describe('when the reason is one of the shared reasons', () => {
    it('should map every one of them as ARCHITECTURE.md documents', () => {
      const statuses = Object.fromEntries(Object.values(ErrorReasons).map((r) => [r, httpStatusOf(`PLATFORM.${r}`)]));

      expect(statuses).toEqual({
        VALIDATION: 400,
        UNAUTHORIZED: 401,
        FORBIDDEN: 403,
        NOT_FOUND: 404,
        CONFLICT: 409,
        LOCKED: 423,
        UNAVAILABLE: 503,
        TIMEOUT: 504,
        INTERNAL: 500,
      });
    });
  });

  describe('when the code comes from the messaging layer', () => {
    it.each([
      [FleetErrorCodes.UNAVAILABLE, 503],
      [FleetErrorCodes.TIMEOUT, 504],
      [FleetErrorCodes.BAD_REPLY, 502],
    ])('should map %s to %i', (code, status) => {
      expect(httpStatusOf(code)).toBe(status);
    });
  });

  describe('when the reason is one the gateway raises itself', () => {
    it.each([
      ['GATEWAY.BAD_REQUEST', 400],
      ['GATEWAY.METHOD_NOT_ALLOWED', 405],
      ['GATEWAY.PAYLOAD_TOO_LARGE', 413],
      ['GATEWAY.UNSUPPORTED_MEDIA_TYPE', 415],
      ['GATEWAY.RATE_LIMITED', 429],
    ])('should map %s to %i', (code, status) => {
      expect(httpStatusOf(code)).toBe(status);
    });
  });

  describe('when the service differs', () => {
    it('should only look at the reason', () => {
      expect(['PLATFORM.NOT_FOUND', 'WORK_PORTAL.NOT_FOUND', 'NOT_FOUND'].map(httpStatusOf)).toEqual([404, 404, 404]);
    });
  });

  describe('when the reason is unknown', () => {
    it.each(['PLATFORM.TEAPOT', 'PLATFORM.not_found', 'PLATFORM.', '', 'garbage'])('should answer 500 for %p', (code) => {
      expect(httpStatusOf(code)).toBe(500);
    });
  });
});
