import { FleetErrorCodes, FleetHeaders } from '@fleet/contracts-fleet';
import { FleetError } from '@fleet/shared-errors';
import { errors, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { IsUUID } from 'class-validator';
import { mapTransportError, RpcClient } from './rpc-client';

class GetThingRequest {
  @IsUUID()
  thingId!: string;
}

const THING_ID = '3f2a7a52-6c1e-4a55-9d4c-0b6a1d1f9e10';

/** A NatsConnection that only implements `request`, answering with `reply` (a body or a rejection). */
function fakeNats(reply: () => Promise<string>) {
  const request = jest.fn(async (_subject: string, _payload: string, _opts: { timeout: number; headers: MsgHdrs }) => {
    const body = await reply();
    return { string: () => body };
  });
  return { nc: { request } as unknown as NatsConnection, request };
}

const replyWith = (packet: unknown) => async () => JSON.stringify(packet);

/** The FleetError a request fails with; fails the test when it succeeds. */
async function failureOf(p: Promise<unknown>): Promise<FleetError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof FleetError) return err;
    throw err;
  }
  throw new Error('expected the request to fail');
}

describe('RpcClient', () => {
  describe('request()', () => {
    describe('when the service answers with a response', () => {
      it('should send the Nest envelope on the prefixed subject and return the response', async () => {
        const { nc, request } = fakeNats(replyWith({ response: { id: THING_ID, name: 'x' }, isDisposed: true, id: 'r1' }));
        const client = new RpcClient(nc, 't1.', 5000);

        await expect(client.request('platform.company.get', { companyId: THING_ID })).resolves.toEqual({ id: THING_ID, name: 'x' });

        expect(request).toHaveBeenCalledTimes(1);
        const [subject, payload, opts] = request.mock.calls[0];
        expect(subject).toBe('t1.platform.company.get');
        const packet = JSON.parse(payload) as { pattern: string; data: unknown; id: string };
        expect(packet).toEqual({ pattern: 'platform.company.get', data: { companyId: THING_ID }, id: expect.any(String) });
        expect(packet.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(opts.timeout).toBe(5000);
      });

      it('should return a falsy response as it is', async () => {
        const { nc } = fakeNats(replyWith({ response: null, id: 'r1' }));

        await expect(new RpcClient(nc, '', 5000).request('platform.thing.delete', {})).resolves.toBeNull();
      });
    });

    describe('when a correlation id is given', () => {
      it('should send it in the x-correlation-id header with the extra headers', async () => {
        const { nc, request } = fakeNats(replyWith({ response: {} }));

        await new RpcClient(nc, '', 5000).request('platform.company.list', {}, { correlationId: 'corr-7', headers: { [FleetHeaders.authorization]: 'Bearer tok-1' }, timeoutMs: 250 });

        const [, , opts] = request.mock.calls[0];
        expect(opts.headers.get(FleetHeaders.correlationId)).toBe('corr-7');
        expect(opts.headers.get(FleetHeaders.authorization)).toBe('Bearer tok-1');
        expect(opts.timeout).toBe(250);
      });
    });

    describe('when no correlation id is given', () => {
      it('should use the request id as the correlation id', async () => {
        const { nc, request } = fakeNats(replyWith({ response: {} }));

        await new RpcClient(nc, '', 5000).request('platform.company.list', {});

        const [, payload, opts] = request.mock.calls[0];
        expect(opts.headers.get(FleetHeaders.correlationId)).toBe((JSON.parse(payload) as { id: string }).id);
      });

      it('should use a new id for every request', async () => {
        const { nc, request } = fakeNats(replyWith({ response: {} }));
        const client = new RpcClient(nc, '', 5000);

        await client.request('platform.company.list', {});
        await client.request('platform.company.list', {});

        const ids = request.mock.calls.map(([, payload]) => (JSON.parse(payload) as { id: string }).id);
        expect(new Set(ids).size).toBe(2);
      });
    });

    describe('when the service answers with an error envelope', () => {
      it('should throw a FleetError with that code, message and details', async () => {
        const envelope = { code: 'PLATFORM.NOT_FOUND', message: 'company 42 does not exist', details: { companyId: '42' }, correlationId: 'c' };
        const { nc } = fakeNats(replyWith({ err: envelope, isDisposed: true, id: 'r1' }));

        const err = await failureOf(new RpcClient(nc, '', 5000).request('platform.company.get', { companyId: '42' }));

        expect(err).toMatchObject({ code: 'PLATFORM.NOT_FOUND', message: 'company 42 does not exist', details: { companyId: '42' } });
      });
    });

    describe('when the service answers with an error that is not an envelope', () => {
      it('should throw FLEET.BAD_REPLY quoting it', async () => {
        const { nc } = fakeNats(replyWith({ err: 'Internal server error', id: 'r1' }));

        const err = await failureOf(new RpcClient(nc, '', 5000).request('platform.company.get', {}));

        expect(err.code).toBe(FleetErrorCodes.BAD_REPLY);
        expect(err.message).toBe('platform.company.get failed without a Fleet error envelope: "Internal server error"');
      });
    });

    describe('when the reply is not a Fleet reply envelope', () => {
      it.each([
        ['text that is not JSON', async () => 'hello'],
        ['an empty body', async () => ''],
        ['JSON null', async () => 'null'],
        ['a JSON number', async () => '42'],
        ['an object without response or err', replyWith({ data: { ok: true } })],
      ])('should throw FLEET.BAD_REPLY for %s', async (_what, reply) => {
        const { nc } = fakeNats(reply);

        await expect(new RpcClient(nc, '', 5000).request('platform.company.get', {})).rejects.toMatchObject({
          code: FleetErrorCodes.BAD_REPLY,
          message: 'platform.company.get answered something that is not a Fleet reply envelope',
        });
      });
    });

    describe('when the transport fails', () => {
      it('should map no responders to FLEET.UNAVAILABLE', async () => {
        const { nc } = fakeNats(async () => {
          throw new errors.RequestError('no responders', { cause: new errors.NoRespondersError('platform.company.get') });
        });

        await expect(new RpcClient(nc, '', 5000).request('platform.company.get', {})).rejects.toMatchObject({ code: FleetErrorCodes.UNAVAILABLE });
      });

      it('should map a time-out to FLEET.TIMEOUT naming the timeout used', async () => {
        const { nc } = fakeNats(async () => {
          throw new errors.TimeoutError();
        });

        await expect(new RpcClient(nc, '', 5000).request('platform.company.get', {}, { timeoutMs: 300 })).rejects.toMatchObject({
          code: FleetErrorCodes.TIMEOUT,
          message: 'the platform service did not answer platform.company.get within 300 ms',
        });
      });
    });

    describe('when a requestType is given', () => {
      it('should send a valid request', async () => {
        const { nc, request } = fakeNats(replyWith({ response: { ok: true } }));

        await expect(new RpcClient(nc, '', 5000).request('platform.thing.get', { thingId: THING_ID }, { requestType: GetThingRequest })).resolves.toEqual({ ok: true });
        expect(request).toHaveBeenCalledTimes(1);
      });

      it('should throw FLEET.VALIDATION naming the field before sending anything', async () => {
        const { nc, request } = fakeNats(replyWith({ response: {} }));

        const err = await failureOf(new RpcClient(nc, '', 5000).request('platform.thing.get', { thingId: 'nope' }, { requestType: GetThingRequest }));

        expect(err.code).toBe('FLEET.VALIDATION');
        expect(err.details?.fields?.map((f) => f.path)).toEqual(['thingId']);
        expect(request).not.toHaveBeenCalled();
      });
    });

    describe('when a replyType is given', () => {
      it('should throw FLEET.VALIDATION when the reply breaks its contract', async () => {
        const { nc } = fakeNats(replyWith({ response: { thingId: 'nope' } }));

        await expect(new RpcClient(nc, '', 5000).request('platform.thing.get', {}, { replyType: GetThingRequest })).rejects.toMatchObject({
          code: 'FLEET.VALIDATION',
          details: { fields: [expect.objectContaining({ path: 'thingId' })] },
        });
      });

      it('should return a reply that keeps its contract', async () => {
        const { nc } = fakeNats(replyWith({ response: { thingId: THING_ID } }));

        await expect(new RpcClient(nc, '', 5000).request('platform.thing.get', {}, { replyType: GetThingRequest })).resolves.toEqual({ thingId: THING_ID });
      });
    });
  });
});

describe('mapTransportError()', () => {
  const subject = 'work-portal.case.get';

  describe('when nobody listens on the subject', () => {
    it.each([
      ['a NoRespondersError', () => new errors.NoRespondersError(subject)],
      ['a RequestError caused by NoRespondersError (what nats.js throws)', () => new errors.RequestError('no responders', { cause: new errors.NoRespondersError(subject) })],
    ])('should map %s to FLEET.UNAVAILABLE naming the service', (_what, make) => {
      const cause = make();

      const err = mapTransportError(cause, subject, 5000);

      expect(err).toBeInstanceOf(FleetError);
      expect(err).toMatchObject({
        code: FleetErrorCodes.UNAVAILABLE,
        message: 'the work-portal service is unavailable (no replica is listening on work-portal.case.get); retry shortly',
        details: { service: 'work-portal' },
      });
      expect(err.cause).toBe(cause);
    });
  });

  describe('when the request timed out', () => {
    it.each([
      ['a TimeoutError', () => new errors.TimeoutError()],
      ['any error named TimeoutError', () => Object.assign(new Error('timeout'), { name: 'TimeoutError' })],
    ])('should map %s to FLEET.TIMEOUT', (_what, make) => {
      expect(mapTransportError(make(), subject, 1500)).toMatchObject({
        code: FleetErrorCodes.TIMEOUT,
        message: 'the work-portal service did not answer work-portal.case.get within 1500 ms',
        details: { service: 'work-portal' },
      });
    });
  });

  describe('when the connection failed otherwise', () => {
    it('should map it to FLEET.UNAVAILABLE with the transport message', () => {
      const cause = new errors.RequestError('connection disconnected');

      expect(mapTransportError(cause, subject, 5000)).toMatchObject({
        code: FleetErrorCodes.UNAVAILABLE,
        message: 'cannot reach the work-portal service: connection disconnected',
        cause,
      });
    });
  });
});
