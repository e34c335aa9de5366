import { openServiceDataSource, runPendingMigrations } from '@fleet/shared-database';
import { PoisonMessageError, TransientError } from '@fleet/shared-errors';
import { TEST_ENGINES, cleanupStreams, eventually, plainNatsClient, testDatabase, uniquePrefix } from '@fleet/shared-testing';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { IsInt, IsString } from 'class-validator';
import pino from 'pino';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { EventConsumers } from './event-consumer';
import { DeadLetterRecord, InboxRecord, OutboxRecord, eventEntities } from './event-records';
import { createEventTablesV1, dropEventTablesV1 } from './event-tables.migration';
import { OutboxRelay, appendToOutbox } from './outbox';
import { ensureServiceStream } from './streams';

class EventTables1700000000000 implements MigrationInterface {
  name = 'EventTables1700000000000';
  up(qr: QueryRunner): Promise<void> {
    return createEventTablesV1(qr);
  }
  down(qr: QueryRunner): Promise<void> {
    return dropEventTablesV1(qr);
  }
}

class ThingHappened {
  @IsString()
  name!: string;

  @IsInt()
  n!: number;
}

const SUBJECT = 'probe.thing.happened';
const logger = pino({ level: 'silent' });

describe.each(TEST_ENGINES)('outbox → JetStream → consumers on %s', (engine) => {
  const prefix = uniquePrefix(`ev${engine}`);
  const p = `${prefix}.`;
  let nc: NatsConnection;
  let ds: DataSource;
  let drop: () => Promise<void>;
  let relay: OutboxRelay;
  const consumers: EventConsumers[] = [];

  const newConsumers = (service: string, maxDeliver = 3) => {
    const c = new EventConsumers({ nc, dataSource: ds, service, subjectPrefix: p, logger, maxDeliver, ackWaitMs: 5000 });
    consumers.push(c);
    return c;
  };
  const publishVia = async (payload: object) => {
    const id = await ds.transaction((m) => appendToOutbox(m, SUBJECT, payload));
    relay.nudge();
    return id;
  };

  beforeAll(async () => {
    nc = await plainNatsClient();
    const db = await testDatabase(engine, prefix);
    drop = db.drop;
    ({ dataSource: ds } = await openServiceDataSource({ url: db.url, entities: eventEntities, migrations: [EventTables1700000000000] }));
    await runPendingMigrations(ds, 'test');
    await ensureServiceStream(nc, 'probe', [SUBJECT], p);
    relay = new OutboxRelay({ dataSource: ds, nc, subjectPrefix: p, logger, intervalMs: 100 });
    relay.start();
  });

  afterAll(async () => {
    for (const c of consumers) await c.stop(1000);
    await relay.stop();
    await ds.destroy();
    await drop();
    await nc.close();
    await cleanupStreams(prefix);
  });

  describe('OutboxRelay', () => {
    it('should publish a committed event once, with the outbox id as Nats-Msg-Id, and mark it published', async () => {
      const id = await publishVia({ name: 'a', n: 1 });
      const row = await eventually(async () => (await ds.getRepository(OutboxRecord).findOneByOrFail({ id })).publishedAt ?? undefined, 'the row to be marked published');
      expect(row).toBeInstanceOf(Date);
      const jsm = await jetstreamManager(nc);
      const msg = await jsm.streams.getMessage(`${prefix}_FLEET_PROBE`, { last_by_subj: p + SUBJECT });
      expect(msg?.header.get('Nats-Msg-Id')).toBe(id);
    });

    it('should let JetStream drop a re-publish of the same row (crash between publish and mark)', async () => {
      const id = await ds.transaction((m) => appendToOutbox(m, SUBJECT, { name: 'dup', n: 2 }));
      await relay.publishBatch();
      const jsm = await jetstreamManager(nc);
      const before = (await jsm.streams.info(`${prefix}_FLEET_PROBE`)).state.messages;
      await ds.getRepository(OutboxRecord).update({ id }, { publishedAt: null }); // as if the mark was lost
      await relay.publishBatch();
      expect((await jsm.streams.info(`${prefix}_FLEET_PROBE`)).state.messages).toBe(before);
    });
  });

  describe('EventConsumers', () => {
    it('should apply each event exactly once even when it is delivered to two consumers of one service', async () => {
      const seen: string[] = [];
      for (const c of [newConsumers('svc-a'), newConsumers('svc-a')]) {
        c.start({ owner: 'probe', subject: SUBJECT, payloadType: ThingHappened, handle: async (e, ctx) => void seen.push(`${e.name}:${ctx.messageId}`) });
      }
      await publishVia({ name: 'once', n: 3 });
      await eventually(async () => (seen.some((s) => s.startsWith('once:')) ? true : undefined), 'the event to be handled');
      await new Promise((r) => setTimeout(r, 300));
      expect(seen.filter((s) => s.startsWith('once:'))).toHaveLength(1);
      expect(await ds.getRepository(InboxRecord).countBy({ consumer: 'svc-a__probe_thing_happened' })).toBeGreaterThanOrEqual(1);
    });

    it('should retry a transient failure with backoff and then succeed', async () => {
      let calls = 0;
      newConsumers('svc-retry').start({
        owner: 'probe',
        subject: SUBJECT,
        payloadType: ThingHappened,
        handle: async (e) => {
          if (e.name !== 'flaky') return;
          calls++;
          if (calls < 2) throw new TransientError('PROBE.UNAVAILABLE', 'downstream busy');
        },
      });
      await publishVia({ name: 'flaky', n: 4 });
      await eventually(async () => (calls >= 2 ? calls : undefined), 'the retry', 15000);
      expect(calls).toBe(2);
    });

    it('should terminate and dead-letter a payload that breaks its contract, without calling the handler', async () => {
      const handled: unknown[] = [];
      newConsumers('svc-poison').start({ owner: 'probe', subject: SUBJECT, payloadType: ThingHappened, handle: async (e) => void handled.push(e) });
      const id = await publishVia({ name: 'bad', n: 'not a number' });
      const dead = await eventually(() => ds.getRepository(DeadLetterRecord).findOneBy({ consumer: 'svc-poison__probe_thing_happened', messageId: id }).then((r) => r ?? undefined), 'the dead letter');
      expect(dead.error).toMatch(/poison/);
      expect(handled.filter((e) => (e as ThingHappened).name === 'bad')).toEqual([]);
    });

    it('should dead-letter a message whose handler keeps failing after max deliveries', async () => {
      let calls = 0;
      newConsumers('svc-fail', 2).start({
        owner: 'probe',
        subject: SUBJECT,
        payloadType: ThingHappened,
        handle: async (e) => {
          if (e.name !== 'doomed') return;
          calls++;
          throw new Error('always broken');
        },
      });
      const id = await publishVia({ name: 'doomed', n: 5 });
      const dead = await eventually(() => ds.getRepository(DeadLetterRecord).findOneBy({ consumer: 'svc-fail__probe_thing_happened', messageId: id }).then((r) => r ?? undefined), 'the dead letter', 15000);
      expect(dead.deliveries).toBe(2);
      expect(calls).toBe(2);
    });

    it('should roll back the handler writes and the inbox row together when a PoisonMessageError is thrown', async () => {
      newConsumers('svc-rollback').start({
        owner: 'probe',
        subject: SUBJECT,
        payloadType: ThingHappened,
        handle: async (e, ctx) => {
          if (e.name !== 'half') return;
          await appendToOutbox(ctx.manager, 'probe.side.effect', { should: 'vanish' });
          throw new PoisonMessageError('PROBE.INVALID', 'cannot apply');
        },
      });
      const id = await publishVia({ name: 'half', n: 6 });
      await eventually(() => ds.getRepository(DeadLetterRecord).findOneBy({ consumer: 'svc-rollback__probe_thing_happened', messageId: id }).then((r) => r ?? undefined), 'the dead letter');
      expect(await ds.getRepository(OutboxRecord).countBy({ subject: 'probe.side.effect' })).toBe(0);
      expect(await ds.getRepository(InboxRecord).countBy({ consumer: 'svc-rollback__probe_thing_happened', messageId: id })).toBe(0);
    });
  });
});
