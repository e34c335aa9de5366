import { cleanupStreams, eventually, startFleet, TEST_ADMIN, testNatsUrl, uniquePrefix, type FleetUnderTest } from '@fleet/shared-testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Job {
  id: string;
  name: string;
  state: string;
  enabled: boolean;
  paused: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  fireCount: number;
}
interface Run {
  id: string;
  dueAt: string;
  firedAt: string | null;
  outcome: string;
  lagMs: number | null;
}

/**
 * The scheduler through the gateway, as the management console uses it: an administrator creates a
 * cron job, sees it fire on time (the trigger in JetStream, the run in the history), pauses the
 * environment, runs the job now, reads its history. The fleet runs as real processes.
 */
describe('console jobs through the gateway', () => {
  const prefix = uniquePrefix('e2esched');
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-e2e-sched-'));
  let fleet: FleetUnderTest;
  let nc: NatsConnection;
  let token: string;
  let environment: string;
  const fired: { jobId: string; dueAt: string; receivedAt: number }[] = [];
  let stopConsumer: () => void = () => undefined;
  const api = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const r = await fetch(`${fleet.gatewayUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, body: (await r.json().catch(() => ({}))) as T };
  };
  const jobs = () => `/api/v1/environments/${environment}/console/jobs`;

  beforeAll(async () => {
    fleet = await startFleet({ natsUrl: testNatsUrl(), prefix, dataDir });
    token = await eventually(
      async () => {
        const r = await fetch(`${fleet.gatewayUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
        return r.status === 200 ? ((await r.json()) as { access_token: string }).access_token : undefined;
      },
      'the bootstrap administrator to sign in',
      30000,
      250,
    );
    const me = (await api<{ companyId: string }>('GET', '/api/v1/me')).body;
    await eventually(async () => ((await api<{ grants: unknown[] }>('GET', '/api/v1/me/access')).body.grants?.length >= 2 ? true : undefined), 'the bootstrap grants');
    const subscription = (await api<{ id: string }>('POST', '/api/v1/subscriptions', { companyId: me.companyId, kind: 'automation', name: 'Automation' })).body.id;
    const project = (await api<{ id: string }>('POST', '/api/v1/projects', { subscriptionId: subscription, name: 'Scheduled project' })).body.id;
    environment = (await api<{ id: string }>('POST', `/api/v1/projects/${project}/environments`, { kind: 'test' })).body.id;
    // an independent consumer of the triggers, as the owning service would read them
    nc = await connect({ servers: testNatsUrl().split(',') });
    const subject = `${prefix}.scheduler.job.fired`;
    const stream = await eventually(() => jetstreamManager(nc).then((m) => m.streams.find(subject)).catch(() => undefined), 'the scheduler stream');
    const messages = await (await jetstream(nc).consumers.get(stream)).consume();
    stopConsumer = () => void messages.stop();
    void (async () => {
      for await (const m of messages) fired.push({ ...m.json<{ jobId: string; dueAt: string }>(), receivedAt: Date.now() });
    })();
  }, 180000);

  afterAll(async () => {
    stopConsumer();
    await nc?.close();
    await fleet?.stop();
    await cleanupStreams(prefix);
    if (!process.env.E2E_KEEP) rmSync(dataDir, { recursive: true, force: true });
  });

  it('should create a cron job, fire it on time, pause it with the environment, run it now and show its history', async () => {
    const created = await api<Job>('POST', jobs(), { name: 'Nightly export', schedule: { cron: '*/3 * * * * *', timezone: 'America/New_York' }, action: { type: 'startProcess', process: 'Export' } });
    expect(created.status).toBe(201);
    const job = created.body;
    expect(job).toMatchObject({ state: 'waiting', enabled: true, paused: false });
    expect(new Date(job.nextRunAt as string).getUTCSeconds() % 3).toBe(0);

    // fires on time: the trigger reaches a consumer within a second of its due time, once per occurrence
    await eventually(async () => (fired.filter((e) => e.jobId === job.id).length >= 2 ? true : undefined), 'two occurrences', 15000);
    const mine = fired.filter((e) => e.jobId === job.id);
    expect(new Set(mine.map((e) => e.dueAt)).size).toBe(mine.length);
    for (const e of mine) expect(e.receivedAt - Date.parse(e.dueAt)).toBeLessThan(1000);
    const waiting = await api<{ items: Job[] }>('GET', `${jobs()}?view=waiting`);
    expect(waiting.body.items.map((j) => j.name)).toEqual(expect.arrayContaining(['Nightly export', 'Run history retention']));

    // pause (maintenance window): nothing fires while paused
    const paused = await api<{ paused: boolean }>('POST', `${jobs()}/pause`);
    expect(paused).toMatchObject({ status: 200, body: { paused: true } });
    expect((await api<Job>('GET', `${jobs()}/${job.id}`)).body.paused).toBe(true);
    await new Promise((r) => setTimeout(r, 1000)); // one occurrence may already be claimed (look-ahead)
    const before = fired.filter((e) => e.jobId === job.id).length;
    await new Promise((r) => setTimeout(r, 4000));
    expect(fired.filter((e) => e.jobId === job.id).length).toBe(before);

    // run now, while paused: one extra trigger at once
    const ran = await api<Job>('POST', `${jobs()}/${job.id}/run-now`);
    expect(ran.status).toBe(200);
    await eventually(async () => (fired.filter((e) => e.jobId === job.id).length === before + 1 ? true : undefined), 'the run-now trigger', 5000);

    // the history, newest first, every run fired and succeeded
    const runs = await api<{ items: Run[]; total: number }>('GET', `${jobs()}/${job.id}/runs`);
    expect(runs.status).toBe(200);
    expect(runs.body.total).toBe(before + 1);
    expect(runs.body.items.every((r) => r.outcome === 'succeeded' && r.firedAt)).toBe(true);
    const dues = runs.body.items.map((r) => r.dueAt);
    expect([...dues].sort().reverse()).toEqual(dues);

    // resume; edit the next run time; bad input is refused naming the field
    expect((await api<{ paused: boolean }>('POST', `${jobs()}/resume`)).body.paused).toBe(false);
    // 409 while a replica holds the job's lease (it is about to fire it): retried, as the console would
    const moved = await eventually(async () => {
      const r = await api<Job>('PUT', `${jobs()}/${job.id}/next-run`, { nextRunAt: '2099-01-01T00:00:00Z' });
      if (r.status === 409) return undefined;
      return r;
    }, 'the next run time to be edited');
    expect(moved).toMatchObject({ status: 200, body: { nextRunAt: '2099-01-01T00:00:00.000Z' } });
    const bad = await api<{ code: string; details: { fields: { path: string }[] } }>('POST', jobs(), { name: 'Bad', schedule: { cron: '0 9 * * *', timezone: 'Nowhere/Land' }, action: { type: 'startProcess', process: 'X' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields.map((f) => f.path)).toContain('schedule.timezone');
  }, 60000);
});
