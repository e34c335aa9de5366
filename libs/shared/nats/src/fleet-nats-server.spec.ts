import type { NatsConnection } from '@nats-io/transport-node';
import { of, throwError } from 'rxjs';
import type { FleetNatsConnection } from './connection';
import { FleetNatsServer } from './fleet-nats-server';

/** A NATS client as far as bindEvents uses it: records every subscription. */
function fakeClient() {
  const subs: { subject: string; queue: string; drain: jest.Mock }[] = [];
  const subscribe = jest.fn((subject: string, opts: { queue: string }) => {
    const sub = { subject, queue: opts.queue, drain: jest.fn(async () => undefined) };
    subs.push(sub);
    return sub;
  });
  return { client: { subscribe } as unknown as NatsConnection, subs };
}

/** A received request message, as nats.js hands it to the subscription callback. */
function requestMsg(subject: string, body: unknown, reply = '_INBOX.abc') {
  const respond = jest.fn((_data: string) => true);
  return { msg: { subject, reply, headers: undefined, data: new Uint8Array(), json: () => body, respond }, respond };
}

function serverWith(o: { prefix?: string; graceMs?: number } = {}) {
  const nc = { marker: 'shared connection' } as unknown as NatsConnection;
  const server = new FleetNatsServer({
    connection: { nc } as unknown as FleetNatsConnection,
    subjectPrefix: o.prefix ?? '',
    queue: 'platform',
    gracePeriodMs: o.graceMs ?? 200,
  });
  return { server, nc };
}

/** Lets process.nextTick and promise callbacks run (Nest publishes replies on the next tick). */
const settle = () => new Promise((r) => setImmediate(r));

describe('FleetNatsServer', () => {
  describe('createNatsClient()', () => {
    it('should reuse the shared connection of the process instead of opening one', async () => {
      const { server, nc } = serverWith();

      await expect(server.createNatsClient()).resolves.toBe(nc);
    });
  });

  describe('bindEvents()', () => {
    describe('when handlers are registered', () => {
      it('should subscribe each pattern under the prefix in the service queue group', () => {
        const { server } = serverWith({ prefix: 't1.' });
        server.addHandler('platform.company.get', async () => ({}));
        server.addHandler('platform.company.list', async () => ({}));
        const { client, subs } = fakeClient();

        server.bindEvents(client);

        expect(subs.map((s) => [s.subject, s.queue])).toEqual([
          ['t1.platform.company.get', 'platform'],
          ['t1.platform.company.list', 'platform'],
        ]);
      });

      it('should use the queue a handler asks for', () => {
        const { server } = serverWith();
        server.addHandler('platform.cache.flush', async () => ({}), false, { queue: 'platform-broadcast' });
        const { client, subs } = fakeClient();

        server.bindEvents(client);

        expect(subs[0].queue).toBe('platform-broadcast');
      });
    });
  });

  describe('handleMessage()', () => {
    describe('when the handler answers', () => {
      it('should reply {response, isDisposed, id} as the wire format documents', async () => {
        const { server } = serverWith();
        server.addHandler('platform.company.get', async (data: { companyId: string }) => of({ id: data.companyId, name: 'Acme' }));
        const { msg, respond } = requestMsg('platform.company.get', { pattern: 'platform.company.get', data: { companyId: 'c1' }, id: 'req-1' });

        await server.handleMessage('platform.company.get', msg as never);
        await settle();

        expect(respond).toHaveBeenCalledTimes(1);
        expect(JSON.parse(respond.mock.calls[0][0])).toEqual({ response: { id: 'c1', name: 'Acme' }, isDisposed: true, id: 'req-1' });
      });
    });

    describe('when the handler fails with an error envelope (what the exception filter produces)', () => {
      it('should reply {err, isDisposed, id}', async () => {
        const envelope = { code: 'PLATFORM.NOT_FOUND', message: 'company c1 does not exist' };
        const { server } = serverWith();
        server.addHandler('platform.company.get', async () => throwError(() => envelope));
        const { msg, respond } = requestMsg('platform.company.get', { pattern: 'platform.company.get', data: {}, id: 'req-2' });

        await server.handleMessage('platform.company.get', msg as never);
        await settle();

        expect(JSON.parse(respond.mock.calls[0][0])).toEqual({ err: envelope, isDisposed: true, id: 'req-2' });
      });
    });

    describe('when the body has no id', () => {
      it('should treat it as an event and send no reply', async () => {
        const handler = jest.fn(async () => of('ignored'));
        const { server } = serverWith();
        server.addHandler('platform.cache.flush', handler, true);
        const { msg, respond } = requestMsg('platform.cache.flush', { pattern: 'platform.cache.flush', data: { all: true } });

        await server.handleMessage('platform.cache.flush', msg as never);
        await settle();

        expect(handler).toHaveBeenCalledWith({ all: true }, expect.anything());
        expect(respond).not.toHaveBeenCalled();
      });
    });

    describe('while a handler runs', () => {
      it('should count it in flight until it finishes', async () => {
        let finish!: () => void;
        const { server } = serverWith();
        server.addHandler('platform.company.create', () => new Promise((r) => (finish = () => r(of({ ok: true })))));
        const { msg } = requestMsg('platform.company.create', { pattern: 'platform.company.create', data: {}, id: 'req-3' });

        const handled = server.handleMessage('platform.company.create', msg as never);
        await settle();
        expect(server.inFlightCount).toBe(1);

        finish();
        await handled;
        expect(server.inFlightCount).toBe(0);
      });
    });
  });

  describe('close()', () => {
    describe('when nothing is in flight', () => {
      it('should drain every subscription and return at once', async () => {
        const { server } = serverWith({ graceMs: 5000 });
        server.addHandler('platform.company.get', async () => ({}));
        server.addHandler('platform.company.list', async () => ({}));
        const { client, subs } = fakeClient();
        server.bindEvents(client);
        const started = Date.now();

        await server.close();

        expect(subs.every((s) => s.drain.mock.calls.length === 1)).toBe(true);
        expect(Date.now() - started).toBeLessThan(1000);
      });
    });

    describe('when a handler is still running', () => {
      it('should wait for it to finish', async () => {
        let finish!: () => void;
        const { server } = serverWith({ graceMs: 5000 });
        server.addHandler('platform.company.create', () => new Promise((r) => (finish = () => r(of({})))));
        const { msg } = requestMsg('platform.company.create', { pattern: 'platform.company.create', data: {}, id: 'req-4' });
        const handled = server.handleMessage('platform.company.create', msg as never);
        await settle();
        let closed = false;

        const closing = server.close().then(() => (closed = true));
        await new Promise((r) => setTimeout(r, 60));
        expect(closed).toBe(false);

        finish();
        await Promise.all([handled, closing]);
        expect(closed).toBe(true);
      });

      it('should give up waiting after the grace period', async () => {
        const { server } = serverWith({ graceMs: 80 });
        server.addHandler('platform.company.create', () => new Promise(() => undefined));
        const { msg } = requestMsg('platform.company.create', { pattern: 'platform.company.create', data: {}, id: 'req-5' });
        void server.handleMessage('platform.company.create', msg as never);
        await settle();
        const started = Date.now();

        await server.close();

        const waited = Date.now() - started;
        expect(server.inFlightCount).toBe(1);
        expect(waited).toBeGreaterThanOrEqual(70);
        expect(waited).toBeLessThan(1000);
      });
    });
  });
});
