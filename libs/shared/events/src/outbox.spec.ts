import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { IsNull, LessThan, Not, type DataSource, type EntityManager } from 'typeorm';
import { OutboxRecord } from './event-records';
import { appendToOutbox, OutboxRelay } from './outbox';

describe('appendToOutbox()', () => {
  const fakeManager = () => ({ insert: jest.fn(async () => undefined) });

  describe('when a correlation id and an id are given', () => {
    it('should insert the row with the JSON payload and the correlation header, unpublished', async () => {
      const manager = fakeManager();

      const id = await appendToOutbox(manager as unknown as EntityManager, 'platform.company.created', { companyId: 'c1' }, { correlationId: 'corr-1', id: 'row-1' });

      expect(id).toBe('row-1');
      expect(manager.insert).toHaveBeenCalledWith(OutboxRecord, {
        id: 'row-1',
        subject: 'platform.company.created',
        payload: '{"companyId":"c1"}',
        headers: '{"x-correlation-id":"corr-1"}',
        createdAt: expect.any(Date),
        publishedAt: null,
      });
    });
  });

  describe('when nothing else is given', () => {
    it('should generate a UUID and store no headers', async () => {
      const manager = fakeManager();

      const id = await appendToOutbox(manager as unknown as EntityManager, 'platform.company.created', {});

      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(manager.insert).toHaveBeenCalledWith(OutboxRecord, expect.objectContaining({ id, headers: null }));
    });
  });
});

describe('OutboxRelay', () => {
  const row = (id: string, headers: string | null = null): OutboxRecord => ({
    id,
    subject: 'platform.company.created',
    payload: `{"n":"${id}"}`,
    headers,
    createdAt: new Date('2024-11-24T10:00:00Z'),
    publishedAt: null,
  });

  /** A relay over a fake outbox repository; JetStream publishes are spied on (no server). */
  function relayOver(rows: OutboxRecord[], o: { batchSize?: number; onBacklog?: (n: number) => void; intervalMs?: number } = {}) {
    const calls: string[] = [];
    const repo = {
      find: jest.fn(async () => rows),
      update: jest.fn(async (where: { id: string }) => void calls.push(`mark ${where.id}`)),
      count: jest.fn(async () => 7),
      delete: jest.fn(async () => undefined),
    };
    const ds = { getRepository: jest.fn(() => repo) };
    const logger = { warn: jest.fn() };
    const relay = new OutboxRelay({
      dataSource: ds as unknown as DataSource,
      nc: { options: {} } as unknown as NatsConnection,
      subjectPrefix: 't1.',
      logger: logger as unknown as Logger,
      ...o,
    });
    const js = (relay as unknown as { js: JetStreamClient }).js;
    const publish = jest.spyOn(js, 'publish').mockImplementation(async (_subject, _payload, opts) => {
      calls.push(`publish ${opts?.msgID}`);
      return { stream: 't1_FLEET_PLATFORM', seq: 1, duplicate: false } as PubAck;
    });
    return { relay, repo, publish, calls, logger };
  }

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  describe('publishBatch()', () => {
    describe('when rows are waiting', () => {
      it('should read the oldest unpublished rows first, a batch at a time', async () => {
        const { relay, repo } = relayOver([], { batchSize: 25 });

        await relay.publishBatch();

        expect(repo.find).toHaveBeenCalledWith({ where: { publishedAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' }, take: 25 });
      });

      it('should publish each row on its prefixed subject with Nats-Msg-Id = row id, and mark it after JetStream acknowledged it', async () => {
        const { relay, publish, calls } = relayOver([row('r1'), row('r2')]);

        await expect(relay.publishBatch()).resolves.toBe(2);

        expect(calls).toEqual(['publish r1', 'mark r1', 'publish r2', 'mark r2']);
        expect(publish).toHaveBeenCalledWith('t1.platform.company.created', '{"n":"r1"}', expect.objectContaining({ msgID: 'r1', timeout: 5000 }));
      });

      it('should send the stored headers with the message', async () => {
        const { relay, publish } = relayOver([row('r1', '{"x-correlation-id":"corr-9"}')]);

        await relay.publishBatch();

        const headers = publish.mock.calls[0][2]?.headers as MsgHdrs;
        expect(headers.get('x-correlation-id')).toBe('corr-9');
      });

      it('should report the remaining backlog', async () => {
        const onBacklog = jest.fn();
        const { relay, repo } = relayOver([row('r1')], { onBacklog });

        await relay.publishBatch();

        expect(repo.count).toHaveBeenCalledWith({ where: { publishedAt: IsNull() } });
        expect(onBacklog).toHaveBeenCalledWith(7);
      });
    });

    describe('when JetStream refuses a row', () => {
      it('should stop there and leave that row unpublished', async () => {
        const { relay, publish, calls } = relayOver([row('r1'), row('r2'), row('r3')]);
        publish.mockImplementationOnce(async () => ({ stream: 's', seq: 1, duplicate: false }) as PubAck).mockRejectedValueOnce(new Error('no stream'));

        await expect(relay.publishBatch()).rejects.toThrow('no stream');

        expect(calls).toEqual(['mark r1']);
      });
    });
  });

  describe('start()', () => {
    describe('when the relay runs', () => {
      it('should publish at once, clean up old published rows, then poll every interval', async () => {
        jest.useFakeTimers({ now: new Date('2024-11-25T10:00:00Z') });
        const { relay, repo } = relayOver([], { intervalMs: 500 });

        relay.start();
        await jest.advanceTimersByTimeAsync(0);
        expect(repo.find).toHaveBeenCalledTimes(1);
        expect(repo.delete).toHaveBeenCalledWith({ publishedAt: Not(IsNull()), createdAt: LessThan(new Date('2024-11-24T10:00:00Z')) });

        await jest.advanceTimersByTimeAsync(500);
        expect(repo.find).toHaveBeenCalledTimes(2);

        await relay.stop();
        await jest.advanceTimersByTimeAsync(5000);
        expect(repo.find).toHaveBeenCalledTimes(2);
      });
    });

    describe('when publishing fails', () => {
      it('should log a warning and retry after 2 seconds', async () => {
        jest.useFakeTimers();
        const { relay, repo, logger } = relayOver([], { intervalMs: 100 });
        repo.find.mockRejectedValueOnce(new Error('database is locked'));

        relay.start();
        await jest.advanceTimersByTimeAsync(0);
        expect(logger.warn).toHaveBeenCalledWith({ err: 'database is locked' }, 'outbox relay: publishing failed; events stay in the outbox and are retried');

        await jest.advanceTimersByTimeAsync(1999);
        expect(repo.find).toHaveBeenCalledTimes(1);
        await jest.advanceTimersByTimeAsync(1);
        expect(repo.find).toHaveBeenCalledTimes(2);

        await relay.stop();
      });
    });
  });

  describe('nudge()', () => {
    describe('when the relay was stopped', () => {
      it('should not publish', async () => {
        jest.useFakeTimers();
        const { relay, repo } = relayOver([]);
        await relay.stop();

        relay.nudge();
        await jest.advanceTimersByTimeAsync(1000);

        expect(repo.find).not.toHaveBeenCalled();
      });
    });

    describe('when the relay is idle between polls', () => {
      it('should publish at once instead of waiting for the next poll', async () => {
        jest.useFakeTimers();
        const { relay, repo } = relayOver([], { intervalMs: 60_000 });
        relay.start();
        await jest.advanceTimersByTimeAsync(0);

        relay.nudge();
        await jest.advanceTimersByTimeAsync(0);

        expect(repo.find).toHaveBeenCalledTimes(2);
        await relay.stop();
      });
    });
  });
});
