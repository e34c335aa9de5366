import { DEPLOYMENT_EVENT_SUBJECTS, DEPLOYMENT_SERVICE, DeploymentEvents, type MaintenanceChangedEvent } from '@fleet/contracts-deployment';
import { SchedulerSubjects, type JobListReply, type JobReply, type RunListReply } from '@fleet/contracts-scheduler';
import { ensureServiceStream } from '@fleet/shared-events';
import { eventually } from '@fleet/shared-testing';
import { jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { SchedulerHarness } from '../test/scheduler-harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduler jobs (two replicas, real NATS + SQLite)', () => {
  const h = new SchedulerHarness();
  const env = () => h.world.environmentId;
  const createJob = (body: Record<string, unknown>, token = h.world.admin) =>
    h.call<JobReply>(SchedulerSubjects.jobCreate, { environmentId: env(), action: { type: 'startProcess', process: 'P' }, ...body }, token);
  /** The runtime's failure report, retried while the run is still being recorded (409). */
  const report = (jobId: string, runId: string, error: string) =>
    eventually(
      () =>
        h.call(SchedulerSubjects.runReport, { environmentId: env(), jobId, runId, outcome: 'failed', error }, h.world.runtime).then(
          () => true,
          (err: { code?: string }) => {
            if (err.code === 'SCHEDULER.CONFLICT') return undefined;
            throw err;
          },
        ),
      'the report to be accepted',
    );
  const runsOf = (jobId: string) => h.call<RunListReply>(SchedulerSubjects.runList, { environmentId: env(), jobId }, h.world.admin);

  beforeAll(() => h.start(2), 60000);
  afterAll(() => h.stop(), 30000);

  describe('cron with a time zone', () => {
    it('should fire every 2 s on time, once per occurrence, and record each run', async () => {
      const job = await createJob({ name: 'Every two seconds', schedule: { cron: '*/2 * * * * *', timezone: 'Europe/Berlin' } });
      await eventually(async () => (h.firedFor(job.id).length >= 3 ? true : undefined), 'three occurrences', 15000);
      const events = h.firedFor(job.id);
      const dues = events.map((e) => e.dueAt);
      expect(new Set(dues).size).toBe(dues.length);
      for (const e of events) {
        expect(new Date(e.dueAt).getUTCSeconds() % 2).toBe(0);
        expect(e.receivedAt - Date.parse(e.dueAt)).toBeLessThan(1000);
        expect(e).toMatchObject({ kind: 'user', action: { type: 'startProcess', process: 'P' }, environmentId: env() });
      }
      await eventually(async () => ((await runsOf(job.id)).items.length >= 3 ? true : undefined), 'three recorded runs');
      const runs = (await runsOf(job.id)).items;
      expect(runs[0].dueAt > runs[1].dueAt).toBe(true);
      expect(runs.every((r) => r.outcome === 'succeeded' && r.firedAt !== null)).toBe(true);
      await h.call(SchedulerSubjects.jobDisable, { environmentId: env(), jobId: job.id }, h.world.admin);
    }, 30000);

    it('should refuse an unknown time zone naming the field, and create nothing', async () => {
      await expect(createJob({ name: 'Bad zone', schedule: { cron: '0 9 * * *', timezone: 'Mars/Olympus' } })).rejects.toMatchObject({ code: 'SCHEDULER.VALIDATION', details: { fields: [{ path: 'schedule.timezone' }] } });
      const list = await h.call<JobListReply>(SchedulerSubjects.jobList, { environmentId: env() }, h.world.admin);
      expect(list.items.map((j) => j.name)).not.toContain('Bad zone');
    });
  });

  describe('BPMN cycles from the runtime', () => {
    it('should fire R3/PT1S exactly three times and then complete', async () => {
      const timer = await h.call<JobReply>(SchedulerSubjects.timerCreate, { environmentId: env(), companyId: h.world.companyId, key: 'case-1:timer', schedule: { cycle: 'R3/PT1S' }, payload: { caseId: 'case-1' } }, h.world.runtime);
      const again = await h.call<JobReply>(SchedulerSubjects.timerCreate, { environmentId: env(), companyId: h.world.companyId, key: 'case-1:timer', schedule: { cycle: 'R3/PT1S' } }, h.world.runtime);
      expect(again.id).toBe(timer.id);
      await eventually(async () => (h.firedFor(timer.id).length >= 3 ? true : undefined), 'three cycle occurrences', 10000);
      await sleep(1500);
      const events = h.firedFor(timer.id);
      expect(events).toHaveLength(3);
      expect(events.every((e) => e.subject === 'scheduler.timer.fired' && e.key === 'case-1:timer' && (e.payload as { caseId: string }).caseId === 'case-1')).toBe(true);
      const done = await h.call<JobReply>(SchedulerSubjects.jobGet, { environmentId: env(), jobId: timer.id }, h.world.admin);
      expect(done).toMatchObject({ state: 'completed', fireCount: 3, nextRunAt: null });
    }, 20000);
  });

  describe('misfire', () => {
    it('should skip an occurrence later than its window with policy skip (a missed run, no trigger)', async () => {
      const past = new Date(Date.now() - 120_000).toISOString();
      const job = await createJob({ name: 'Missed', schedule: { at: past }, misfire: { policy: 'skip', windowSeconds: 10 } });
      await eventually(async () => ((await runsOf(job.id)).items[0]?.outcome === 'missed' ? true : undefined), 'a missed run');
      expect(h.firedFor(job.id)).toHaveLength(0);
    });

    it('should fire a late occurrence once with policy fire-once', async () => {
      const past = new Date(Date.now() - 120_000).toISOString();
      const job = await createJob({ name: 'Late once', schedule: { at: past }, misfire: { policy: 'fire-once', windowSeconds: 10 } });
      await eventually(async () => (h.firedFor(job.id).length === 1 ? true : undefined), 'one late trigger');
      expect(h.firedFor(job.id)[0].dueAt).toBe(new Date(past).toISOString());
    });

    it('should replay the occurrences missed during a pause with catch-up, and fire only one of them with fire-once', async () => {
      const catchUp = await createJob({ name: 'Catch up', schedule: { intervalSeconds: 1 }, misfire: { policy: 'catch-up', windowSeconds: 1 } });
      const once = await createJob({ name: 'Fire once', schedule: { intervalSeconds: 1 }, misfire: { policy: 'fire-once', windowSeconds: 1 } });
      await eventually(async () => (h.firedFor(catchUp.id).length >= 1 && h.firedFor(once.id).length >= 1 ? true : undefined), 'first triggers');
      await h.call(SchedulerSubjects.environmentPause, { environmentId: env() }, h.world.admin);
      await sleep(4000);
      await h.call(SchedulerSubjects.environmentResume, { environmentId: env() }, h.world.admin);
      await sleep(2500);
      await h.call(SchedulerSubjects.jobDisable, { environmentId: env(), jobId: catchUp.id }, h.world.admin);
      await h.call(SchedulerSubjects.jobDisable, { environmentId: env(), jobId: once.id }, h.world.admin);
      const steps = (id: string) => {
        const dues = h.firedFor(id).map((e) => Date.parse(e.dueAt));
        return dues.slice(1).map((d, i) => d - dues[i]);
      };
      // catch-up: every occurrence fired, one second apart, none skipped across the pause
      expect(steps(catchUp.id).every((s) => s === 1000)).toBe(true);
      // fire-once: the first late occurrence fired, then it moved past now (a gap of the missed ones)
      expect(Math.max(...steps(once.id))).toBeGreaterThanOrEqual(2000);
      expect(h.firedFor(catchUp.id).length).toBeGreaterThan(h.firedFor(once.id).length);
    }, 30000);
  });

  describe('overlap', () => {
    it('should skip occurrences while a run is still running (overlap skip), then fire again once it is reported', async () => {
      const job = await createJob({ name: 'Long running', schedule: { intervalSeconds: 1 }, overlap: 'skip', runTimeoutSeconds: 60 });
      await eventually(async () => ((await runsOf(job.id)).items.some((r) => r.outcome === 'skipped') ? true : undefined), 'a skipped occurrence', 8000);
      const runs = (await runsOf(job.id)).items;
      const running = runs.filter((r) => r.outcome === 'running');
      expect(running).toHaveLength(1);
      expect(h.firedFor(job.id)).toHaveLength(1);
      await h.call(SchedulerSubjects.runReport, { environmentId: env(), jobId: job.id, runId: running[0].id, outcome: 'succeeded' }, h.world.runtime);
      await eventually(async () => (h.firedFor(job.id).length >= 2 ? true : undefined), 'a trigger after the report', 5000);
      await h.call(SchedulerSubjects.jobDisable, { environmentId: env(), jobId: job.id }, h.world.admin);
    }, 20000);
  });

  describe('a failed wait job', () => {
    it('should stay waiting and be retried per its policy, then fail after the last attempt', async () => {
      const timer = await h.call<JobReply>(
        SchedulerSubjects.timerCreate,
        { environmentId: env(), companyId: h.world.companyId, key: 'case-2:async', schedule: { duration: 'PT0.2S' }, runTimeoutSeconds: 60, retry: { maxAttempts: 2, intervalSeconds: 1 } },
        h.world.runtime,
      );
      await eventually(async () => (h.firedFor(timer.id).length === 1 ? true : undefined), 'the first attempt');
      await report(timer.id, h.firedFor(timer.id)[0].runId, 'connector timed out');
      const waiting = await h.call<JobReply>(SchedulerSubjects.jobGet, { environmentId: env(), jobId: timer.id }, h.world.admin);
      expect(waiting).toMatchObject({ state: 'waiting', attempts: 1 });
      await eventually(async () => (h.firedFor(timer.id).length === 2 ? true : undefined), 'the retry', 5000);
      expect(h.firedFor(timer.id)[1].attempt).toBe(2);
      await report(timer.id, h.firedFor(timer.id)[1].runId, 'again');
      expect(await h.call<JobReply>(SchedulerSubjects.jobGet, { environmentId: env(), jobId: timer.id }, h.world.admin)).toMatchObject({ state: 'failed', attempts: 2 });
    }, 20000);
  });

  describe('operations', () => {
    it('should pause every job of the environment and fire again after resume', async () => {
      const job = await createJob({ name: 'Paused', schedule: { intervalSeconds: 1 } });
      await eventually(async () => (h.firedFor(job.id).length >= 1 ? true : undefined), 'a first trigger');
      const paused = await h.call<{ paused: boolean; jobs: number }>(SchedulerSubjects.environmentPause, { environmentId: env() }, h.world.admin);
      expect(paused.paused).toBe(true);
      await sleep(800); // an occurrence already claimed (within the 500 ms look-ahead) may still fire
      const before = h.firedFor(job.id).length;
      await sleep(2500);
      expect(h.firedFor(job.id).length).toBe(before);
      await h.call(SchedulerSubjects.environmentResume, { environmentId: env() }, h.world.admin);
      await eventually(async () => (h.firedFor(job.id).length > before ? true : undefined), 'a trigger after resume', 5000);
      await h.call(SchedulerSubjects.jobDisable, { environmentId: env(), jobId: job.id }, h.world.admin);
    }, 20000);

    it("should pause an environment's jobs when deployment announces a maintenance window, and resume them when it closes", async () => {
      await ensureServiceStream(h.nc, DEPLOYMENT_SERVICE, DEPLOYMENT_EVENT_SUBJECTS, `${h.prefix}.`);
      const announce = async (state: 'maintenance' | 'active') => {
        const e: MaintenanceChangedEvent = { environmentId: env(), companyId: h.world.companyId, state, reason: 'deployment', message: 'upgrading', at: new Date().toISOString() };
        await jetstream(h.nc).publish(`${h.prefix}.${DeploymentEvents.maintenanceChanged}`, JSON.stringify(e), { msgID: randomUUID() });
      };
      const paused = async () => (await h.call<{ paused: boolean }>(SchedulerSubjects.environmentGet, { environmentId: env() }, h.world.admin)).paused;
      await announce('maintenance');
      await eventually(async () => ((await paused()) ? true : undefined), 'the environment paused by the maintenance event');
      await announce('active');
      await eventually(async () => ((await paused()) ? undefined : true), 'the environment resumed when the window closed');
    });

    it('should let the deployment service pause and resume an environment (maintenance window) with its service token', async () => {
      const paused = await h.call<{ paused: boolean }>(SchedulerSubjects.environmentPause, { environmentId: env() }, h.world.deployment);
      expect(paused.paused).toBe(true);
      expect((await h.call<{ paused: boolean }>(SchedulerSubjects.environmentGet, { environmentId: env() }, h.world.admin)).paused).toBe(true);
      expect((await h.call<{ paused: boolean }>(SchedulerSubjects.environmentResume, { environmentId: env() }, h.world.deployment)).paused).toBe(false);
      await expect(h.call(SchedulerSubjects.environmentPause, { environmentId: env() }, h.world.runtime)).rejects.toMatchObject({ code: 'SCHEDULER.UNAUTHORIZED' });
    });

    it('should let a reader list but not change, and hide the environment from other companies', async () => {
      await expect(h.call(SchedulerSubjects.jobList, { environmentId: env() }, h.world.reader)).resolves.toBeDefined();
      await expect(createJob({ name: 'By reader', schedule: { intervalSeconds: 60 } }, h.world.reader)).rejects.toMatchObject({ code: 'SCHEDULER.FORBIDDEN' });
      await expect(h.call(SchedulerSubjects.jobList, { environmentId: env() }, h.world.stranger)).rejects.toMatchObject({ code: 'SCHEDULER.NOT_FOUND' });
      await expect(h.call(SchedulerSubjects.jobList, { environmentId: env() })).rejects.toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
      await expect(h.call(SchedulerSubjects.jobDeploy, { companyId: h.world.companyId, environmentId: env(), jobs: [] }, h.world.admin)).rejects.toMatchObject({ code: 'SCHEDULER.UNAUTHORIZED' });
    });

    it('should accept deployed catalog job artifacts (JobContent) from the deployment service, read-only here', async () => {
      const content = { schedule: { cron: '0 6 * * 1-5', timezone: 'Europe/Berlin' }, overlap: 'buffer-one', misfire: { policy: 'catch-up', windowSeconds: 300 }, jitterSeconds: 2, action: { type: 'connector', connector: 'Sync' } };
      const first = await h.call<{ created: number; updated: number }>(SchedulerSubjects.jobDeploy, { companyId: h.world.companyId, environmentId: env(), jobs: [{ name: 'Weekday sync', ...content }] }, h.world.deployment);
      expect(first).toMatchObject({ created: 1, updated: 0 });
      const again = await h.call<{ created: number; updated: number }>(SchedulerSubjects.jobDeploy, { companyId: h.world.companyId, environmentId: env(), jobs: [{ name: 'Weekday sync', ...content }] }, h.world.deployment);
      expect(again).toMatchObject({ created: 0, updated: 1 });
      const deployed = (await h.call<JobListReply>(SchedulerSubjects.jobList, { environmentId: env() }, h.world.admin)).items.find((j) => j.name === 'Weekday sync') as JobReply;
      expect(deployed).toMatchObject({ source: 'catalog', editable: false, overlap: 'buffer-one', misfire: { policy: 'catch-up', windowSeconds: 300 } });
      expect(new Date(deployed.nextRunAt as string).getUTCDay()).toBeGreaterThanOrEqual(1);
      await expect(h.call(SchedulerSubjects.jobUpdate, { environmentId: env(), jobId: deployed.id, name: 'Renamed' }, h.world.admin)).rejects.toMatchObject({ code: 'SCHEDULER.FORBIDDEN' });
      await expect(h.call(SchedulerSubjects.jobDisable, { environmentId: env(), jobId: deployed.id }, h.world.admin)).resolves.toMatchObject({ enabled: false });
      const gone = await h.call<{ deleted: number }>(SchedulerSubjects.jobDeploy, { companyId: h.world.companyId, environmentId: env(), jobs: [], replace: true }, h.world.deployment);
      expect(gone.deleted).toBe(1);
    });

    it('should list the system job, which cannot be changed', async () => {
      const list = await h.call<JobListReply>(SchedulerSubjects.jobList, { environmentId: env(), kind: 'system' }, h.world.admin);
      expect(list.items).toHaveLength(1);
      expect(list.items[0]).toMatchObject({ kind: 'system', editable: false, state: 'waiting' });
      await expect(h.call(SchedulerSubjects.jobDisable, { environmentId: env(), jobId: list.items[0].id }, h.world.admin)).rejects.toMatchObject({ code: 'SCHEDULER.FORBIDDEN' });
    });
  });
});
