import {
  SchedulerErrorCodes,
  type CancelTimerRequest,
  type CreateTimerRequest,
  type DeployedJobDto,
  type DeployJobsReply,
  type DeployJobsRequest,
  type JobReply,
  type ReportRunRequest,
  type RunReply,
} from '@fleet/contracts-scheduler';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { Brackets, In, Not, type DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation, writeTransaction } from '../database/write-transaction';
import { runIdOf } from '../engine/occurrence';
import { JobAccess, type Caller } from './job-access';
import { assertSchedule, buildJob, DEFAULT_WAIT_RETRY, firstOccurrence, policiesOf } from './job-factory';
import { jobReply, runReply } from './job-view';
import { Job, JobRun } from './job.entity';
import { JobsService } from './jobs.service';

/** Fleet services allowed on the runtime-facing subjects. */
export const RUNTIME_SERVICES = ['work-portal'] as const;
/** Fleet services allowed to deploy catalog jobs. */
export const DEPLOY_SERVICES = ['deployment'] as const;

/** The runtime-facing side: wait and alarm jobs (BPMN timers), run reports, deployed catalog jobs. */
@Injectable()
export class TimersService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    private readonly access: JobAccess,
    private readonly jobs: JobsService,
  ) {}

  private companyOf(c: Caller, companyId: string | undefined): string {
    if (!c.service) return c.principal.companyId;
    if (!companyId) throw new FleetError(SchedulerErrorCodes.VALIDATION, 'companyId is required for service callers', { fields: [{ path: 'companyId', reason: 'required for service callers' }] });
    return companyId;
  }

  private scope(c: Caller, environmentId: string): { environmentId: string; companyId?: string } {
    return c.service ? { environmentId } : { environmentId, companyId: c.principal.companyId };
  }

  /** Idempotent per (environment, key): the same key answers the existing job. */
  async create(c: Caller, req: CreateTimerRequest): Promise<JobReply> {
    await this.access.require(c, req.environmentId, 'environment.manage');
    assertSchedule(req.schedule);
    const companyId = this.companyOf(c, req.companyId);
    const jobKey = `rt:${req.key}`;
    const existing = async () => {
      const found = await this.ds.getRepository(Job).findOne({ where: { environmentId: req.environmentId, jobKey } });
      if (found && found.companyId !== companyId) throw new FleetError(SchedulerErrorCodes.NOT_FOUND, `environment ${req.environmentId} not found`);
      return found;
    };
    const before = await existing();
    if (before) return jobReply(before);
    const envPaused = await this.jobs.ensureEnvironment(companyId, req.environmentId);
    const kind = req.kind ?? 'wait';
    const job = buildJob({ ...req, companyId, kind, source: 'runtime', name: req.name ?? req.key.slice(0, 120), jobKey, retry: req.retry ?? (kind === 'wait' ? DEFAULT_WAIT_RETRY : null), envPaused }, new Date());
    try {
      await this.ds.getRepository(Job).insert(job);
    } catch (err) {
      // the same key created at once through another replica: answer that job
      const raced = isUniqueViolation(err) ? await existing() : null;
      if (!raced) throw err;
      return jobReply(raced);
    }
    return jobReply(job);
  }

  async cancel(c: Caller, req: CancelTimerRequest): Promise<JobReply> {
    await this.access.require(c, req.environmentId, 'environment.manage');
    const job = await this.ds.getRepository(Job).findOne({ where: { ...this.scope(c, req.environmentId), jobKey: `rt:${req.key}` } });
    if (!job) throw new FleetError(SchedulerErrorCodes.NOT_FOUND, `timer ${req.key} not found`);
    if (job.state === 'waiting') {
      const now = new Date();
      const res = await this.ds
        .createQueryBuilder()
        .update(Job)
        .set({ state: 'cancelled', dueAt: null, fireAt: null, updatedAt: now })
        .where('id = :id', { id: job.id })
        .andWhere(new Brackets((q) => q.where('lease_until IS NULL').orWhere('lease_until < :now', { now })))
        .execute();
      if (!res.affected) throw new FleetError(SchedulerErrorCodes.CONFLICT, `timer ${req.key} is being fired right now`, { field: 'key' });
    }
    return jobReply((await this.ds.getRepository(Job).findOneByOrFail({ id: job.id })) as Job);
  }

  /** The owner reports a running run; a failed wait job stays waiting and is retried per its policy. */
  async report(c: Caller, req: ReportRunRequest): Promise<RunReply> {
    await this.access.require(c, req.environmentId, 'environment.manage');
    return writeTransaction(this.ds, async (m) => {
      const run = await m.getRepository(JobRun).findOne({ where: { id: req.runId, ...this.scope(c, req.environmentId) } });
      if (!run) {
        const job = await m.getRepository(Job).findOne({ where: { id: req.jobId, ...this.scope(c, req.environmentId) } });
        if (job?.dueAt && runIdOf(job.id, job.dueAt) === req.runId) throw new FleetError(SchedulerErrorCodes.CONFLICT, `run ${req.runId} is being recorded; retry the report`, { field: 'runId' });
        throw new FleetError(SchedulerErrorCodes.NOT_FOUND, `run ${req.runId} not found`);
      }
      if (run.outcome === req.outcome) return runReply(run);
      if (run.outcome !== 'running') throw new FleetError(SchedulerErrorCodes.CONFLICT, `run ${req.runId} already ended ${run.outcome}`, { field: 'runId' });
      const now = new Date();
      await m.getRepository(JobRun).update({ id: run.id }, { outcome: req.outcome, error: req.error ?? null, finishedAt: now });
      const job = await m.getRepository(Job).findOne({ where: { id: run.jobId } });
      if (job) await this.afterReport(m, job, run.id, req.outcome === 'failed', now);
      return runReply({ ...run, outcome: req.outcome, error: req.error ?? null, finishedAt: now });
    });
  }

  private async afterReport(m: EntityManager, job: Job, runId: string, failed: boolean, now: Date): Promise<void> {
    const changes: Partial<Job> = { lastOutcome: failed ? 'failed' : 'succeeded', updatedAt: now };
    if (job.runningRunId === runId) Object.assign(changes, { runningUntil: null, runningRunId: null });
    if (failed && job.kind === 'wait' && job.retry) {
      const attempts = job.attempts + 1;
      if (attempts < job.retry.maxAttempts) {
        const at = new Date(now.getTime() + job.retry.intervalSeconds * 1000);
        Object.assign(changes, { attempts, state: 'waiting', dueAt: at, fireAt: at });
      } else Object.assign(changes, { attempts, state: 'failed', dueAt: null, fireAt: null });
    } else if (!failed) changes.attempts = 0;
    if (job.buffered && job.runningRunId === runId && changes.state === undefined) Object.assign(changes, { buffered: false, dueAt: now, fireAt: now, state: 'waiting' });
    await m.getRepository(Job).update({ id: job.id }, changes);
  }

  /** Creates (true) or redefines (false) one deployed job; a redefined job starts its schedule afresh. */
  private async upsertDeployed(m: EntityManager, req: DeployJobsRequest, j: DeployedJobDto, envPaused: boolean, now: Date): Promise<boolean> {
    const jobKey = `catalog:${j.name}`;
    const existing = await m.getRepository(Job).findOne({ where: { environmentId: req.environmentId, jobKey } });
    if (!existing) {
      await m.getRepository(Job).insert(buildJob({ ...j, companyId: req.companyId, environmentId: req.environmentId, kind: 'user', source: 'catalog', jobKey, envPaused }, now));
      return true;
    }
    const policies = policiesOf(j);
    await m.getRepository(Job).update({ id: existing.id }, { schedule: j.schedule, action: j.action, ...policies, ...firstOccurrence(j.schedule, policies.jitterSeconds, now), updatedAt: now });
    return false;
  }

  /** Upserts the jobs of deployed catalog `job` artifacts (keyed by artifact name); `replace` deletes the others. */
  async deploy(req: DeployJobsRequest): Promise<DeployJobsReply> {
    req.jobs.forEach((j, i) => assertSchedule(j.schedule, `jobs.${i}.schedule`));
    const envPaused = await this.jobs.ensureEnvironment(req.companyId, req.environmentId);
    return writeTransaction(this.ds, async (m) => {
      const now = new Date();
      let created = 0;
      let updated = 0;
      for (const j of req.jobs) {
        if (await this.upsertDeployed(m, req, j, envPaused, now)) created++;
        else updated++;
      }
      let deleted = 0;
      if (req.replace) {
        const keep = req.jobs.map((j) => `catalog:${j.name}`);
        const gone = await m.getRepository(Job).find({ where: { environmentId: req.environmentId, source: 'catalog', ...(keep.length ? { jobKey: Not(In(keep)) } : {}) } });
        if (gone.length) await m.getRepository(Job).delete({ id: In(gone.map((g) => g.id)) });
        deleted = gone.length;
      }
      return { created, updated, deleted };
    });
  }
}
