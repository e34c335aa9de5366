import { JetStreamApiError } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { deleteStreamsWithPrefix, isNotFound } from './streams';

describe('isNotFound()', () => {
  describe('when JetStream answers with a not-found API error', () => {
    it.each([
      ['stream not found', { code: 404, err_code: 10059, description: 'stream not found' }],
      ['consumer not found', { code: 404, err_code: 10014, description: 'consumer not found' }],
    ])('should be true for %s', (_what, apiError) => {
      expect(isNotFound(new JetStreamApiError(apiError))).toBe(true);
    });

    // Fails today (reported): isNotFound compares `err.code` with 404, but JetStreamApiError.code is
    // the JetStream err_code (10059, 10014, …); the HTTP-like 404 is `err.status`. It only works
    // while the server's description happens to contain "not found".
    it('should be true for any API error with status 404, whatever its description', () => {
      expect(isNotFound(new JetStreamApiError({ code: 404, err_code: 10037, description: 'no message found' }))).toBe(true);
    });
  });

  describe('when JetStream answers with another API error', () => {
    it('should be false', () => {
      expect(isNotFound(new JetStreamApiError({ code: 400, err_code: 10058, description: 'stream name already in use with a different configuration' }))).toBe(false);
    });
  });

  describe('when the error is not a JetStream API error', () => {
    it.each([
      ['an Error saying not found', new Error('Stream Not Found'), true],
      ['a time-out', new Error('timeout'), false],
      ['null', null, false],
      ['a string', 'not found', false],
    ])('should judge %s by its message', (_what, err, expected) => {
      expect(isNotFound(err)).toBe(expected);
    });
  });
});

describe('deleteStreamsWithPrefix()', () => {
  describe('when the prefix is empty', () => {
    it('should refuse, so that it never deletes every stream', async () => {
      await expect(deleteStreamsWithPrefix({} as NatsConnection, '')).rejects.toThrow('refusing to delete streams without a prefix');
    });
  });
});
