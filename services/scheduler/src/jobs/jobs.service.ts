import {
  SchedulerErrorCodes,
  type CreateJobRequest,
  type DeleteJobReply,
  type EnvironmentStateReply,
  type JobListReply,
  type JobReply,
  type ListJobsRequest,
  type ListRunsRequest,
  type RescheduleJobRequest,
  type RunListReply,
  type UpdateJobRequest,
} from '@fleet/contracts-scheduler';
import type { BaseServiceConfig } from '@fleet/shared-config';
import { FleetError } from '@fleet/shared-errors';
import type { FleetNatsConnection } from '@fleet/shared-nats';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Brackets, type DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation, writeTransaction } from '../database/write-transaction';
import { runIdOf, withJitter } from '../engine/occurrence';
import { TriggerPublisher } from '../engine/trigger-publisher';
import { nextOccurrence } from '../schedules/schedule';
import { JobAccess, type Caller } from './job-access';
import { assertSchedule, buildJob } from './job-factory';
import { jobReply, runReply } from './job-view';
import { EnvironmentState, Job, JobRun } from './job.entity';
import { SystemJobs } from './system-duties';

const notFound = (what: string): FleetError => new FleetError(SchedulerErrorCodes.NOT_FOUND, `${what} not found`);
const firing = (): FleetError => new FleetError(SchedulerErrorCodes.CONFLICT, 'the job is being fired right now; retry in a moment', { field: 'jobId' });

/** The operations of the management console on jobs (list, history, enable, run now, edit, pause). */
@Injectable()
export class JobsService {
  private readonly publisher: TriggerPublisher;

  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.nats) nats: FleetNatsConnection,
    @Inject(KIT.config) config: BaseServiceConfig,
    private readonly access: JobAccess,
  ) {
    this.publisher = new TriggerPublisher(nats.nc, config.nats.subjectPrefix);
  }

  /** A job of the environment the caller may see (its company only); NOT_FOUND otherwise. */
  async load(c: Caller, environmentId: string, jobId: string, m: EntityManager = this.ds.manager): Promise<Job> {
    const where = c.service ? { id: jobId, environmentId } : { id: jobId, environmentId, companyId: c.principal.companyId };
    const job = await m.getRepository(Job).findOne({ where });
    if (!job) throw notFound(`job ${jobId}`);
    return job;
  }

  async list(c: Caller, req: ListJobsRequest): Promise<JobListReply> {
    await this.access.require(c, req.environmentId, 'environment.read');
    const q = this.ds.getRepository(Job).createQueryBuilder('j').where('j.environment_id = :env AND j.company_id = :cid', { env: req.environmentId, cid: c.principal.companyId });
    if (req.kind) q.andWhere('j.kind = :kind', { kind: req.kind });
    if (req.view === 'waiting') q.andWhere("j.state = 'waiting'");
    if (req.view === 'executed') q.andWhere('j.last_run_at IS NOT NULL');
    const [rows, total] = await q
      .orderBy('j.name', 'ASC')
      .addOrderBy('j.id', 'ASC')
      .take(req.limit ?? 100)
      .skip(req.offset ?? 0)
      .getManyAndCount();
    return { items: rows.map(jobReply), total };
  }

  async get(c: Caller, environmentId: string, jobId: string): Promise<JobReply> {
    await this.access.require(c, environmentId, 'environment.read');
    return jobReply(await this.load(c, environmentId, jobId));
  }

  async runs(c: Caller, req: ListRunsRequest): Promise<RunListReply> {
    await this.access.require(c, req.environmentId, 'environment.read');
    await this.load(c, req.environmentId, req.jobId);
    const [rows, total] = await this.ds.getRepository(JobRun).findAndCount({ where: { jobId: req.jobId, environmentId: req.environmentId }, order: { dueAt: 'DESC' }, take: req.limit ?? 100, skip: req.offset ?? 0 });
    return { items: rows.map(runReply), total };
  }

  async create(c: Caller, req: CreateJobRequest): Promise<JobReply> {
    await this.access.require(c, req.environmentId, 'environment.manage');
    assertSchedule(req.schedule);
    const id = randomUUID();
    const envPaused = await this.ensureEnvironment(c.principal.companyId, req.environmentId);
    const job = await writeTransaction(this.ds, async (m) => {
      const row = buildJob({ ...req, companyId: c.principal.companyId, kind: 'user', source: 'admin', jobKey: `admin:${id}`, envPaused }, new Date(), id);
      await m.getRepository(Job).insert(row);
      return row;
    });
    return jobReply(job);
  }

  async update(c: Caller, req: UpdateJobRequest): Promise<JobReply> {
    await this.access.require(c, req.environmentId, 'environment.manage');
    if (req.schedule) assertSchedule(req.schedule);
    const job = await this.load(c, req.environmentId, req.jobId);
    if (job.source !== 'admin') throw new FleetError(SchedulerErrorCodes.FORBIDDEN, `${job.kind} job ${job.name} is not editable (only administrator-defined jobs are)`);
    const now = new Date();
    const changes: Partial<Job> = { updatedAt: now };
    if (req.name !== undefined) changes.name = req.name;
    if (req.action !== undefined) changes.action = req.action;
    if (req.overlap !== undefined) changes.overlap = req.overlap;
    if (req.jitterSeconds !== undefined) changes.jitterSeconds = req.jitterSeconds;
    if (req.runTimeoutSeconds !== undefined) changes.runTimeoutSeconds = req.runTimeoutSeconds;
    if (req.misfire) Object.assign(changes, { misfirePolicy: req.misfire.policy, misfireWindowSeconds: req.misfire.windowSeconds ?? job.misfireWindowSeconds });
    if (req.schedule) {
      const due = nextOccurrence(req.schedule, { anchor: now, fired: 0 }, now);
      Object.assign(changes, { schedule: req.schedule, createdAt: now, fireCount: 0, dueAt: due, fireAt: due ? withJitter(due, changes.jitterSeconds ?? job.jitterSeconds) : null, state: due ? 'waiting' : 'completed' });
    }
    await this.updateUnleased(job.id, changes);
    return jobReply(await this.load(c, req.environmentId, req.jobId));
  }

  async remove(c: Caller, environmentId: string, jobId: string): Promise<DeleteJobReply> {
    await this.access.require(c, environmentId, 'environment.manage');
    const job = await this.load(c, environmentId, jobId);
    if (job.source !== 'admin') throw new FleetError(SchedulerErrorCodes.FORBIDDEN, `${job.kind} job ${job.name} cannot be deleted here`);
    await writeTransaction(this.ds, async (m) => {
      await m.getRepository(Job).delete({ id: job.id });
      await m.getRepository(JobRun).delete({ jobId: job.id });
    });
    return { id: job.id, deleted: true };
  }

  async setEnabled(c: Caller, environmentId: string, jobId: string, enabled: boolean): Promise<JobReply> {
    await this.access.require(c, environmentId, 'environment.manage');
    const job = this.mutable(await this.load(c, environmentId, jobId));
    await this.ds.getRepository(Job).update({ id: job.id }, { enabled, updatedAt: new Date() });
    return jobReply(await this.load(c, environmentId, jobId));
  }

  /** Edits the next run time (the pending occurrence moves there). */
  async reschedule(c: Caller, req: RescheduleJobRequest): Promise<JobReply> {
    await this.access.require(c, req.environmentId, 'environment.manage');
    const job = this.mutable(await this.load(c, req.environmentId, req.jobId));
    const at = new Date(req.nextRunAt);
    await this.updateUnleased(job.id, { dueAt: at, fireAt: at, state: 'waiting', updatedAt: new Date() });
    return jobReply(await this.load(c, req.environmentId, req.jobId));
  }

  /**
   * "Set job now": a user job fires one extra occurrence at once (its schedule is unchanged); a
   * wait or alarm job fires its pending occurrence now ("enable for immediate execution").
   */
  async runNow(c: Caller, environmentId: string, jobId: string): Promise<JobReply> {
    await this.access.require(c, environmentId, 'environment.manage');
    const job = this.mutable(await this.load(c, environmentId, jobId));
    const now = new Date();
    if (job.kind !== 'user') {
      if (job.state !== 'waiting') throw new FleetError(SchedulerErrorCodes.CONFLICT, `job ${job.name} is ${job.state}: nothing to run`, { field: 'jobId' });
      await this.updateUnleased(job.id, { fireAt: now, updatedAt: now });
      return jobReply(await this.load(c, environmentId, jobId));
    }
    const runId = runIdOf(job.id, now);
    await this.publisher.publish(job, now, runId, now);
    await writeTransaction(this.ds, async (m) => {
      await m.getRepository(JobRun).insert({ id: runId, jobId: job.id, companyId: job.companyId, environmentId, dueAt: now, firedAt: now, finishedAt: now, outcome: 'succeeded', error: null, attempt: 1, lagMs: 0, replica: 'run-now' });
      await m.getRepository(Job).update({ id: job.id }, { lastRunAt: now, lastOutcome: 'succeeded', updatedAt: now });
    });
    return jobReply(await this.load(c, environmentId, jobId));
  }

  /** Pauses (or resumes) every job of an environment: the maintenance window's switch. */
  async setEnvironmentPaused(c: Caller, environmentId: string, paused: boolean, companyId?: string): Promise<EnvironmentStateReply> {
    await this.access.require(c, environmentId, 'environment.manage');
    if (!c.service) return this.pauseEnvironment(c.principal.companyId, environmentId, paused);
    // a Fleet service (deployment's maintenance window) names no company in its token: the environment's own, or the one it gives
    const known = await this.ds.getRepository(EnvironmentState).findOne({ where: { environmentId } });
    const owner = known?.companyId ?? companyId;
    if (!owner) throw new FleetError(SchedulerErrorCodes.VALIDATION, 'companyId is required for an environment the scheduler has not seen yet', { fields: [{ path: 'companyId', reason: 'required' }] });
    return this.pauseEnvironment(owner, environmentId, paused);
  }

  /** The service method behind pause/resume (also for in-process callers such as a maintenance-window consumer). */
  async pauseEnvironment(companyId: string, environmentId: string, paused: boolean): Promise<EnvironmentStateReply> {
    await this.ensureEnvironment(companyId, environmentId);
    return writeTransaction(this.ds, async (m) => {
      await m.getRepository(EnvironmentState).update({ environmentId }, { paused, updatedAt: new Date() });
      const res = await m.getRepository(Job).update({ environmentId, companyId, envPaused: !paused }, { envPaused: paused });
      return { environmentId, paused, jobs: res.affected ?? 0 };
    });
  }

  async environmentState(c: Caller, environmentId: string): Promise<EnvironmentStateReply> {
    await this.access.require(c, environmentId, 'environment.read');
    const s = await this.ds.getRepository(EnvironmentState).findOne({ where: { environmentId, companyId: c.principal.companyId } });
    const jobs = await this.ds.getRepository(Job).count({ where: { environmentId, companyId: c.principal.companyId } });
    return { environmentId, paused: s?.paused ?? false, jobs };
  }

  /**
   * The environment's row, created on first use with its system jobs (in its own transaction: two
   * replicas creating it at once is a unique violation for one of them, which then reads the winner's).
   * Answers whether the environment is paused.
   */
  async ensureEnvironment(companyId: string, environmentId: string): Promise<boolean> {
    const read = async () => {
      const existing = await this.ds.getRepository(EnvironmentState).findOne({ where: { environmentId } });
      if (existing && existing.companyId !== companyId) throw notFound(`environment ${environmentId}`);
      return existing;
    };
    const existing = await read();
    if (existing) return existing.paused;
    try {
      await writeTransaction(this.ds, async (m) => {
        const now = new Date();
        await m.getRepository(EnvironmentState).insert({ environmentId, companyId, paused: false, updatedAt: now });
        const s = SystemJobs.runRetention;
        await m.getRepository(Job).insert(buildJob({ companyId, environmentId, kind: 'system', source: 'system', name: s.name, jobKey: s.key, schedule: { cron: s.cron, timezone: 'UTC' }, overlap: 'skip', envPaused: false }, now));
      });
      return false;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return (await read())?.paused ?? false;
    }
  }

  private mutable(job: Job): Job {
    if (job.kind === 'system') throw new FleetError(SchedulerErrorCodes.FORBIDDEN, `system job ${job.name} may be looked at, not changed`);
    return job;
  }

  /** A change that must not race a replica holding the job's lease (it may be firing it now): 409 then. */
  private async updateUnleased(id: string, changes: Partial<Job>): Promise<void> {
    const now = new Date();
    const res = await this.ds
      .createQueryBuilder()
      .update(Job)
      .set(changes)
      .where('id = :id', { id })
      .andWhere(new Brackets((q) => q.where('lease_until IS NULL').orWhere('lease_until < :now', { now })))
      .execute();
    if (!res.affected) throw firing();
  }
}
