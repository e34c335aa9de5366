import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { FleetNatsConnection } from './connection';

/** A status stream the test pushes events into, like nc.status(). */
function statusStream() {
  const queue: { type: string }[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  return {
    push(type: string) {
      queue.push({ type });
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
    async *iterate() {
      for (;;) {
        const next = queue.shift();
        if (next) yield next;
        else if (ended) return;
        else await new Promise<void>((r) => (wake = r));
      }
    },
  };
}

/** A NatsConnection as far as FleetNatsConnection uses it. */
function fakeNc() {
  const status = statusStream();
  let closed = false;
  const nc = {
    status: () => status.iterate(),
    isClosed: () => closed,
    drain: jest.fn(async () => {
      closed = true;
    }),
    close: jest.fn(async () => {
      closed = true;
    }),
  };
  return { nc, status, setClosed: (v: boolean) => (closed = v) };
}

const logger = () => ({ warn: jest.fn(), info: jest.fn() });

/** The connection wrapper around a fake client (the constructor is private: open() connects for real). */
const wrap = (nc: unknown, log = logger()) => Reflect.construct(FleetNatsConnection, [nc as NatsConnection, log as unknown as Logger]) as FleetNatsConnection;

const settle = () => new Promise((r) => setImmediate(r));

describe('FleetNatsConnection', () => {
  describe('isConnected()', () => {
    describe('when the connection was just opened', () => {
      it('should be true', () => {
        expect(wrap(fakeNc().nc).isConnected()).toBe(true);
      });
    });

    describe('when NATS disconnects and reconnects', () => {
      it('should follow the status and log both', async () => {
        const { nc, status } = fakeNc();
        const log = logger();
        const conn = wrap(nc, log);

        status.push('disconnect');
        await settle();
        expect(conn.isConnected()).toBe(false);
        expect(log.warn).toHaveBeenCalledWith('NATS disconnected');

        status.push('reconnect');
        await settle();
        expect(conn.isConnected()).toBe(true);
        expect(log.info).toHaveBeenCalledWith('NATS reconnected');
      });

      it('should ignore other status events', async () => {
        const { nc, status } = fakeNc();
        const conn = wrap(nc);

        status.push('ping');
        status.push('update');
        await settle();

        expect(conn.isConnected()).toBe(true);
      });
    });

    describe('when the status stream ends (the connection closed)', () => {
      it('should be false', async () => {
        const { nc, status } = fakeNc();
        const conn = wrap(nc);

        status.end();
        await settle();

        expect(conn.isConnected()).toBe(false);
      });
    });

    describe('when the client reports it is closed', () => {
      it('should be false', () => {
        const { nc, setClosed } = fakeNc();
        const conn = wrap(nc);

        setClosed(true);

        expect(conn.isConnected()).toBe(false);
      });
    });
  });

  describe('close()', () => {
    describe('when the connection is open', () => {
      it('should drain it', async () => {
        const { nc } = fakeNc();

        await wrap(nc).close();

        expect(nc.drain).toHaveBeenCalledTimes(1);
        expect(nc.close).not.toHaveBeenCalled();
      });
    });

    describe('when draining fails', () => {
      it('should close it instead', async () => {
        const { nc } = fakeNc();
        nc.drain.mockRejectedValueOnce(new Error('connection draining'));

        await wrap(nc).close();

        expect(nc.close).toHaveBeenCalledTimes(1);
      });
    });

    describe('when the connection is already closed', () => {
      it('should do nothing', async () => {
        const { nc, setClosed } = fakeNc();
        setClosed(true);

        await wrap(nc).close();

        expect(nc.drain).not.toHaveBeenCalled();
        expect(nc.close).not.toHaveBeenCalled();
      });
    });
  });
});
