import { FleetHeaders } from '@fleet/contracts-fleet';
import { PlatformSubjects } from '@fleet/contracts-platform';
import type { RunningService } from '@fleet/shared-service-kit';
import { cleanupStreams, eventually, FakeIdentity, plainNatsClient, serviceTestEnv, startInProcess, testDatabase, uniquePrefix } from '@fleet/shared-testing';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { PlatformService } from './service';

/**
 * The documented wire format (ARCHITECTURE.md), spoken by a plain NATS client with no NestJS and
 * no Fleet library: what a service written in another language would do.
 */
describe('platform over the raw NATS wire format', () => {
  const prefix = uniquePrefix('wire');
  let svc: RunningService;
  let nc: NatsConnection;
  let drop: () => Promise<void>;
  let identity: FakeIdentity;
  let token: string;

  const call = async (subject: string, data: unknown, id = `req-${Math.random()}`) => {
    const h = headers();
    h.set(FleetHeaders.correlationId, 'corr-wire-1');
    h.set(FleetHeaders.authorization, `Bearer ${token}`);
    const msg = await nc.request(`${prefix}.${subject}`, JSON.stringify({ pattern: subject, data, id }), { timeout: 5000, headers: h });
    return JSON.parse(msg.string()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    nc = await plainNatsClient();
    identity = await FakeIdentity.create();
    identity.serve(nc, `${prefix}.`);
    const db = await testDatabase('sqlite', prefix);
    drop = db.drop;
    svc = await startInProcess(PlatformService, serviceTestEnv('platform', { dbUrl: db.url, prefix, extra: { FLEET_ADMIN_EMAIL: 'op@example.test' } }));
    const op = await eventually(async () => identity.users.get('company|op@example.test'), 'the bootstrap operator');
    token = await identity.token(op.userId, op.companyId);
    await eventually(() => call(PlatformSubjects.accessMine, {}).then((r) => ((r.response as { grants: unknown[] } | undefined)?.grants.length === 2 ? true : undefined)), 'the operator grant');
  });

  afterAll(async () => {
    identity?.stop();
    await nc?.close();
    await svc?.stop();
    await drop?.();
    await cleanupStreams(prefix);
  });

  it('should reply { response, isDisposed, id } to a request envelope', async () => {
    const reply = await call(PlatformSubjects.companyCreate, { name: 'Wire Co', slug: 'wire-co' }, 'id-1');
    expect(reply).toMatchObject({ id: 'id-1', isDisposed: true, response: { name: 'Wire Co', slug: 'wire-co' } });
  });

  it('should reply { err: <error envelope> } with the caller correlation id on failure', async () => {
    const reply = await call(PlatformSubjects.companyGet, { companyId: 'nope' });
    expect(reply.err).toEqual({
      code: 'PLATFORM.VALIDATION',
      message: expect.stringContaining('companyId'),
      details: { fields: [{ path: 'companyId', reason: 'companyId must be a UUID' }] },
      correlationId: 'corr-wire-1',
    });
  });

  it('should share requests between two replicas in the queue group', async () => {
    const db2 = await testDatabase('sqlite', `${prefix}b`);
    const replica = await startInProcess(PlatformService, serviceTestEnv('platform', { dbUrl: db2.url, prefix }));
    try {
      const counted = async (r: RunningService) =>
        ((await r.ctx.metrics.registry.getSingleMetric('fleet_nats_requests_total')?.get())?.values ?? [])
          .filter((v) => v.labels.subject === PlatformSubjects.companyList)
          .reduce((a, v) => a + v.value, 0);
      const baseline = await counted(svc);
      for (let i = 0; i < 40; i++) await call(PlatformSubjects.companyList, {});
      const a = (await counted(svc)) - baseline;
      const b = await counted(replica);
      expect(a + b).toBe(40);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
    } finally {
      await replica.stop();
      await db2.drop();
    }
  });
});
