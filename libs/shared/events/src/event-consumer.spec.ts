import { PoisonMessageError, TransientError } from '@fleet/shared-errors';
import type { JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { IsInt, IsString } from 'class-validator';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { EventConsumers, type EventContext, type EventSubscription } from './event-consumer';
import { DeadLetterRecord, InboxRecord } from './event-records';

class ThingHappened {
  @IsString()
  name!: string;

  @IsInt()
  n!: number;
}

/** A JetStream message as dispatch reads it. */
function aMessage(o: { body?: unknown; msgId?: string; correlationId?: string; delivery?: number } = {}) {
  const body = JSON.stringify(o.body ?? { name: 'a', n: 1 });
  const headers = new Map<string, string>();
  if (o.msgId !== undefined) headers.set('Nats-Msg-Id', o.msgId);
  if (o.correlationId) headers.set('x-correlation-id', o.correlationId);
  return {
    headers: { get: (k: string) => headers.get(k) ?? '' },
    info: { stream: 'FLEET_PROBE', deliveryCount: o.delivery ?? 1 },
    seq: 42,
    json: () => JSON.parse(body) as unknown,
    string: () => body,
    ack: jest.fn(),
    nak: jest.fn(),
    term: jest.fn(),
  };
}

/** A DataSource whose transaction runs on a fake manager; `seen` message ids are already in the inbox. */
function fakeDataSource(seen: string[] = []) {
  const events: string[] = [];
  const manager = {
    findOne: jest.fn(async (_entity: unknown, q: { where: { messageId: string } }) => (seen.includes(q.where.messageId) ? { messageId: q.where.messageId } : null)),
    insert: jest.fn(async () => undefined),
  };
  const deadLetters = { insert: jest.fn(async (_row: Record<string, unknown>) => undefined) };
  const ds = {
    transaction: jest.fn(async (fn: (m: typeof manager) => Promise<void>) => {
      await fn(manager);
      events.push('commit');
    }),
    getRepository: jest.fn((entity: unknown) => {
      if (entity !== DeadLetterRecord) throw new Error('unexpected repository');
      return deadLetters;
    }),
  };
  return { ds, manager, deadLetters, events };
}

const fakeLogger = () => ({ info: jest.fn(), warn: jest.fn(), error: jest.fn() });

function consumersFor(ds: unknown, o: { maxDeliver?: number } = {}) {
  const logger = fakeLogger();
  const consumers = new EventConsumers({
    nc: {} as NatsConnection,
    dataSource: ds as DataSource,
    service: 'accounts',
    subjectPrefix: 't1.',
    logger: logger as unknown as Logger,
    ...o,
  });
  // dispatch is the failure policy of one message; start() needs a JetStream server (integration tier).
  const dispatch = (sub: EventSubscription<ThingHappened>, m: ReturnType<typeof aMessage>) =>
    (consumers as unknown as { dispatch: (s: unknown, m: JsMsg) => Promise<void> }).dispatch(sub, m as unknown as JsMsg);
  return { consumers, dispatch, logger };
}

const subscription = (handle: EventSubscription<ThingHappened>['handle']): EventSubscription<ThingHappened> => ({
  owner: 'probe',
  subject: 'probe.thing.happened',
  payloadType: ThingHappened,
  handle,
});

describe('EventConsumers', () => {
  afterEach(() => jest.restoreAllMocks());

  describe('durableName()', () => {
    const { consumers } = consumersFor({});

    it.each([
      ['platform.company.created', 'accounts__platform_company_created'],
      ['work-portal.case.closed', 'accounts__work-portal_case_closed'],
      ['platform.company.*', 'accounts__platform_company__'],
      ['platform.>', 'accounts__platform__'],
    ])('should name the consumer of %s %s', (subject, durable) => {
      expect(consumers.durableName(subject)).toBe(durable);
    });

    it('should not include the subject prefix (the stream name already isolates it)', () => {
      expect(consumers.durableName('platform.company.created')).not.toContain('t1');
    });
  });

  describe('dispatch()', () => {
    describe('when a valid event arrives for the first time', () => {
      it('should run the handler in the transaction with the typed payload and the message facts, then ack', async () => {
        const { ds, manager } = fakeDataSource();
        const { dispatch } = consumersFor(ds);
        const handle = jest.fn(async (_e: ThingHappened, _ctx: EventContext) => undefined);
        const m = aMessage({ body: { name: 'a', n: 1 }, msgId: 'outbox-1', correlationId: 'corr-1', delivery: 2 });

        await dispatch(subscription(handle), m);

        const [event, ctx] = handle.mock.calls[0];
        expect(event).toBeInstanceOf(ThingHappened);
        expect(event).toEqual({ name: 'a', n: 1 });
        expect(ctx).toMatchObject({ manager, messageId: 'outbox-1', subject: 'probe.thing.happened', deliveryCount: 2, correlationId: 'corr-1' });
        expect(m.ack).toHaveBeenCalledTimes(1);
        expect(m.nak).not.toHaveBeenCalled();
        expect(m.term).not.toHaveBeenCalled();
      });

      it('should record the message id in the inbox of this consumer', async () => {
        const { ds, manager } = fakeDataSource();
        const { dispatch } = consumersFor(ds);

        await dispatch(subscription(async () => undefined), aMessage({ msgId: 'outbox-2' }));

        expect(manager.insert).toHaveBeenCalledWith(InboxRecord, { consumer: 'accounts__probe_thing_happened', messageId: 'outbox-2', processedAt: expect.any(Date) });
      });

      it('should run afterCommit callbacks only after the commit and the ack', async () => {
        const { ds, events } = fakeDataSource();
        const { dispatch } = consumersFor(ds);
        const m = aMessage({ msgId: 'outbox-3' });
        m.ack.mockImplementation(() => void events.push('ack'));

        await dispatch(
          subscription(async (_e, ctx) => {
            ctx.afterCommit(() => events.push('nudge'));
            events.push('handled');
          }),
          m,
        );

        expect(events).toEqual(['handled', 'commit', 'ack', 'nudge']);
      });
    });

    describe('when the message has no Nats-Msg-Id', () => {
      it('should use <stream>:<sequence> as its id', async () => {
        const { ds } = fakeDataSource();
        const { dispatch } = consumersFor(ds);
        const handle = jest.fn(async () => undefined);

        await dispatch(subscription(handle), aMessage());

        expect(handle).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ messageId: 'FLEET_PROBE:42', correlationId: undefined }));
      });
    });

    describe('when the message id is already in the inbox', () => {
      it('should ack without running the handler again', async () => {
        const { ds, manager } = fakeDataSource(['outbox-4']);
        const { dispatch } = consumersFor(ds);
        const handle = jest.fn(async () => undefined);
        const m = aMessage({ msgId: 'outbox-4' });

        await dispatch(subscription(handle), m);

        expect(handle).not.toHaveBeenCalled();
        expect(manager.insert).not.toHaveBeenCalled();
        expect(m.ack).toHaveBeenCalledTimes(1);
      });
    });

    describe('when the payload breaks its contract', () => {
      it('should terminate and dead-letter it without running the handler', async () => {
        const { ds, deadLetters } = fakeDataSource();
        const { dispatch } = consumersFor(ds);
        const handle = jest.fn(async () => undefined);
        const m = aMessage({ body: { name: 'bad', n: 'not a number' }, msgId: 'outbox-5' });

        await dispatch(subscription(handle), m);

        expect(handle).not.toHaveBeenCalled();
        expect(m.term).toHaveBeenCalledWith('poison message');
        expect(m.ack).not.toHaveBeenCalled();
        expect(m.nak).not.toHaveBeenCalled();
        expect(deadLetters.insert).toHaveBeenCalledWith({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          consumer: 'accounts__probe_thing_happened',
          subject: 'probe.thing.happened',
          messageId: 'outbox-5',
          payload: '{"name":"bad","n":"not a number"}',
          error: expect.stringMatching(/^poison: event probe\.thing\.happened does not match its contract: .*n must be an integer/),
          deliveries: 1,
          createdAt: expect.any(Date),
        });
      });
    });

    describe('when the handler throws a PoisonMessageError', () => {
      it('should terminate and dead-letter the message on its first delivery', async () => {
        const { ds, deadLetters } = fakeDataSource();
        const { dispatch } = consumersFor(ds);
        const m = aMessage({ msgId: 'outbox-6' });

        await dispatch(
          subscription(async () => {
            throw new PoisonMessageError('ACCOUNTS.VALIDATION', 'company name is reserved');
          }),
          m,
        );

        expect(m.term).toHaveBeenCalledWith('poison message');
        expect(deadLetters.insert).toHaveBeenCalledWith(expect.objectContaining({ error: 'poison: company name is reserved' }));
      });
    });

    describe('when the handler fails and deliveries remain', () => {
      it.each([
        ['a TransientError', () => new TransientError('ACCOUNTS.UNAVAILABLE', 'busy'), 'warn'],
        ['an unknown error', () => new Error('boom'), 'error'],
      ] as const)('should nak %s with exponential backoff and log it at %s', async (_what, makeError, level) => {
        jest.spyOn(Math, 'random').mockReturnValue(0);
        const { ds, deadLetters } = fakeDataSource();
        const { dispatch, logger } = consumersFor(ds, { maxDeliver: 10 });
        const m = aMessage({ msgId: 'outbox-7', delivery: 3 });

        await dispatch(
          subscription(async () => {
            throw makeError();
          }),
          m,
        );

        expect(m.nak).toHaveBeenCalledWith(2000);
        expect(m.term).not.toHaveBeenCalled();
        expect(m.ack).not.toHaveBeenCalled();
        expect(deadLetters.insert).not.toHaveBeenCalled();
        expect(logger[level]).toHaveBeenCalledWith(expect.objectContaining({ messageId: 'outbox-7', delivery: 3, retryInMs: 2000 }), 'event handler failed; will retry');
      });

      it.each([
        [1, 500],
        [2, 1000],
        [7, 32000],
        [8, 60000],
        [15, 60000],
      ])('should wait on delivery %i %i ms (doubling, capped at a minute) plus up to 250 ms of jitter', async (delivery, base) => {
        jest.spyOn(Math, 'random').mockReturnValue(0.999);
        const { ds } = fakeDataSource();
        const { dispatch } = consumersFor(ds, { maxDeliver: 20 });
        const m = aMessage({ delivery });

        await dispatch(
          subscription(async () => {
            throw new TransientError('ACCOUNTS.UNAVAILABLE', 'busy');
          }),
          m,
        );

        expect(m.nak).toHaveBeenCalledWith(base + 249);
      });

      it('should not run afterCommit callbacks', async () => {
        const { ds } = fakeDataSource();
        const { dispatch } = consumersFor(ds);
        const nudge = jest.fn();

        await dispatch(
          subscription(async (_e, ctx) => {
            ctx.afterCommit(nudge);
            throw new TransientError('ACCOUNTS.UNAVAILABLE', 'busy');
          }),
          aMessage(),
        );

        expect(nudge).not.toHaveBeenCalled();
      });
    });

    describe('when the handler fails on the last allowed delivery', () => {
      it('should dead-letter and terminate the message instead of retrying', async () => {
        const { ds, deadLetters } = fakeDataSource();
        const { dispatch } = consumersFor(ds, { maxDeliver: 3 });
        const m = aMessage({ msgId: 'outbox-8', delivery: 3 });

        await dispatch(
          subscription(async () => {
            throw new Error('always broken');
          }),
          m,
        );

        expect(m.nak).not.toHaveBeenCalled();
        expect(m.term).toHaveBeenCalledWith('retries exhausted');
        expect(deadLetters.insert).toHaveBeenCalledWith(expect.objectContaining({ messageId: 'outbox-8', deliveries: 3, error: 'retries exhausted: always broken' }));
      });

      it('should default the limit to 10 deliveries', async () => {
        const { ds } = fakeDataSource();
        const { dispatch } = consumersFor(ds);
        const ninth = aMessage({ delivery: 9 });
        const tenth = aMessage({ delivery: 10 });
        const failing = subscription(async () => {
          throw new Error('broken');
        });

        await dispatch(failing, ninth);
        await dispatch(failing, tenth);

        expect(ninth.nak).toHaveBeenCalled();
        expect(tenth.term).toHaveBeenCalledWith('retries exhausted');
      });
    });

    describe('when the dead letter cannot be recorded', () => {
      it('should log it and still terminate the message', async () => {
        const { ds, deadLetters } = fakeDataSource();
        deadLetters.insert.mockRejectedValueOnce(new Error('disk full'));
        const { dispatch, logger } = consumersFor(ds);
        const m = aMessage({ body: { nope: true } });

        await dispatch(subscription(async () => undefined), m);

        expect(m.term).toHaveBeenCalledWith('poison message');
        expect(logger.error).toHaveBeenCalledWith({ err: expect.objectContaining({ message: 'disk full' }) }, 'could not record a dead letter');
      });
    });

    describe('when the error message is very long', () => {
      it('should keep at most 4000 characters of it in the dead letter', async () => {
        const { ds, deadLetters } = fakeDataSource();
        const { dispatch } = consumersFor(ds);

        await dispatch(
          subscription(async () => {
            throw new PoisonMessageError('X.VALIDATION', 'x'.repeat(10_000));
          }),
          aMessage(),
        );

        expect((deadLetters.insert.mock.calls[0][0].error as string).length).toBe(4000);
      });
    });
  });

  describe('stop()', () => {
    describe('when nothing was started', () => {
      it('should resolve at once', async () => {
        const { consumers } = consumersFor({});
        const started = Date.now();

        await expect(consumers.stop(1000)).resolves.toBeUndefined();
        expect(Date.now() - started).toBeLessThan(500);
      });
    });
  });
});
