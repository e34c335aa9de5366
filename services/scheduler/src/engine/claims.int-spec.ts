import { SchedulerSubjects, triggerMsgId, type JobReply } from '@fleet/contracts-scheduler';
import { eventually, TEST_ENGINES } from '@fleet/shared-testing';
import { jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { Job, JobRun } from '../jobs/job.entity';
import { SchedulerHarness } from '../test/scheduler-harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LEASE_MS = 1500;

describe.each(TEST_ENGINES)('claims and leases with two replicas (%s)', (engine) => {
  const h = new SchedulerHarness(undefined, engine);
  const env = () => h.world.environmentId;
  const ds = () => h.replicas[0].ctx.dataSource;
  const createJob = (name: string, schedule: Record<string, unknown>) =>
    h.call<JobReply>(SchedulerSubjects.jobCreate, { environmentId: env(), name, schedule, action: { type: 'connector', connector: 'C' } }, h.world.admin);

  beforeAll(() => h.start(2, { SCHEDULER_LEASE_MS: String(LEASE_MS), SCHEDULER_LOOKAHEAD_MS: '300' }), 60000);
  afterAll(() => h.stop(), 30000);

  it('should fire 200 jobs due at the same instant exactly once each, however the two replicas share them', async () => {
    const jobs: JobReply[] = [];
    for (let i = 0; i < 200; i += 10) jobs.push(...(await Promise.all(Array.from({ length: 10 }, (_, k) => createJob(`Burst ${i + k}`, { at: '2099-01-01T00:00:00Z' })))));
    const ids = new Set(jobs.map((j) => j.id));
    // all due at one instant, a little ahead: both replicas race for them
    const at = new Date(Date.now() + 1000);
    at.setMilliseconds(0);
    await ds().getRepository(Job).update({ id: In([...ids]) }, { dueAt: at, fireAt: at });
    await eventually(async () => (new Set(h.fired.filter((e) => ids.has(e.jobId)).map((e) => e.jobId)).size === 200 ? true : undefined), 'all 200 triggers', 20000);
    await sleep(1000);
    const events = h.fired.filter((e) => ids.has(e.jobId));
    expect(events).toHaveLength(200);
    await eventually(async () => ((await ds().getRepository(JobRun).count({ where: { environmentId: env(), dueAt: at } })) === 200 ? true : undefined), '200 recorded runs');
    const replicas = await ds().getRepository(JobRun).createQueryBuilder('r').select('DISTINCT r.replica', 'replica').where('r.due_at = :at', { at }).getRawMany();
    expect(replicas.length).toBeGreaterThanOrEqual(1);
  }, 60000);

  it('should fire the job of a replica that died holding its lease once the lease expires, exactly once', async () => {
    const job = await createJob('Orphaned lease', { at: '2099-01-01T00:00:00Z' });
    const due = new Date(Date.now() + 200);
    const leaseUntil = new Date(Date.now() + 200 + LEASE_MS);
    // as a replica that claimed it and was killed before firing would leave it
    await ds().getRepository(Job).update({ id: job.id }, { dueAt: due, fireAt: due, leaseOwner: 'dead-replica', leaseToken: randomUUID(), leaseUntil });
    await eventually(async () => (h.firedFor(job.id).length === 1 ? true : undefined), 'the orphaned occurrence', 10000);
    const event = h.firedFor(job.id)[0];
    expect(event.receivedAt).toBeGreaterThanOrEqual(leaseUntil.getTime() - 50);
    expect(event.receivedAt - due.getTime()).toBeLessThan(LEASE_MS + 1000);
    await sleep(1000);
    expect(h.firedFor(job.id)).toHaveLength(1);
    const run = await ds().getRepository(JobRun).findOneOrFail({ where: { jobId: job.id } });
    expect(run).toMatchObject({ outcome: 'succeeded' });
    expect(run.replica).not.toBe('dead-replica');
  }, 20000);

  it('should not publish twice when a replica died after publishing and before recording (same msg id, dropped by JetStream)', async () => {
    const job = await createJob('Published but not recorded', { at: '2099-01-01T00:00:00Z' });
    const due = new Date(Date.now() + 100);
    due.setMilliseconds(0);
    await ds().getRepository(Job).update({ id: job.id }, { dueAt: due, fireAt: due, leaseOwner: 'dead-replica', leaseToken: randomUUID(), leaseUntil: new Date(Date.now() + LEASE_MS) });
    // what the dead replica had published before it was killed
    const payload = { jobId: job.id, runId: randomUUID(), kind: 'user', companyId: h.world.companyId, environmentId: env(), name: job.name, dueAt: due.toISOString(), firedAt: new Date().toISOString(), attempt: 1 };
    await jetstream(h.nc).publish(`${h.prefix}.scheduler.job.fired`, JSON.stringify(payload), { msgID: triggerMsgId(job.id, due) });
    await eventually(async () => ((await ds().getRepository(JobRun).count({ where: { jobId: job.id } })) === 1 ? true : undefined), 'the run recorded by a live replica', 10000);
    await sleep(1000);
    expect(h.firedFor(job.id)).toHaveLength(1);
    expect(h.firedFor(job.id)[0].runId).toBe(payload.runId);
    expect(await ds().getRepository(Job).findOneByOrFail({ id: job.id })).toMatchObject({ state: 'completed', fireCount: 1, leaseToken: null });
  }, 20000);

  it('should hand its claims back when a replica stops, so the other fires them without waiting for the lease', async () => {
    const extra = await h.addReplica({ SCHEDULER_LEASE_MS: '60000', SCHEDULER_LOOKAHEAD_MS: '3000' });
    const at = new Date(Date.now() + 2500);
    const jobs = await Promise.all(Array.from({ length: 20 }, (_, i) => createJob(`Hand back ${i}`, { at: at.toISOString() })));
    await sleep(700);
    h.replicas.splice(h.replicas.indexOf(extra), 1);
    await extra.stop();
    const ids = new Set(jobs.map((j) => j.id));
    await eventually(async () => (h.fired.filter((e) => ids.has(e.jobId)).length === 20 ? true : undefined), 'all 20', 10000);
    const late = h.fired.filter((e) => ids.has(e.jobId)).map((e) => e.receivedAt - at.getTime());
    expect(Math.max(...late)).toBeLessThan(2000);
  }, 30000);
});
