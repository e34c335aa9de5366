import type { RunOutcome } from '@fleet/contracts-scheduler';
import type { BaseServiceConfig } from '@fleet/shared-config';
import type { FleetNatsConnection } from '@fleet/shared-nats';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { Brackets, In, type DataSource, type EntityManager } from 'typeorm';
import { schedulerSettings, type SchedulerSettings } from '../config';
import { writeTransaction } from '../database/write-transaction';
import { Job, JobRun } from '../jobs/job.entity';
import { SystemDuties } from '../jobs/system-duties';
import { advance, decide, runIdOf, type FireDecision } from './occurrence';
import { TriggerPublisher } from './trigger-publisher';

/** How long fired occurrences gather before they are recorded together. */
const RECORD_BATCH_MS = 25;

/** A job this replica holds a lease on, waiting in memory for its fire time. */
interface Held {
  job: Job;
  token: string;
}

/** One fired (or decided) occurrence, to record. */
interface Outcome {
  held: Held;
  decision: FireDecision;
  firedAt: Date;
  error?: string;
}

/**
 * The firing loop of one replica (see ARCHITECTURE.md "Scheduler"): claim due jobs with a
 * conditional update (a lease, no row locks), fire them from memory at their time, publish each
 * trigger with a de-duplicating msg id, then record the run and the next occurrence only if the
 * lease is still ours.
 */
@Injectable()
export class SchedulerEngine implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly replica = `${hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`;
  private readonly settings: SchedulerSettings;
  private readonly publisher: TriggerPublisher;
  private readonly held = new Map<string, Held>();
  private readonly buckets = new Map<number, { timer: NodeJS.Timeout; items: Held[] }>();
  private pollTimer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly toRecord: Outcome[] = [];
  private running = false;
  private inFlight = new Set<Promise<void>>();

  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.config) config: BaseServiceConfig & { env: Record<string, unknown> },
    @Inject(KIT.nats) nats: FleetNatsConnection,
    @Inject(KIT.logger) private readonly logger: Logger,
    private readonly duties: SystemDuties,
  ) {
    this.settings = schedulerSettings(config.env);
    this.publisher = new TriggerPublisher(nats.nc, config.nats.subjectPrefix);
  }

  onApplicationBootstrap(): void {
    if (!this.settings.engineEnabled) {
      this.logger.info('scheduler engine disabled (SCHEDULER_ENGINE_ENABLED=false): jobs are not fired by this replica');
      return;
    }
    this.running = true;
    this.logger.info({ replica: this.replica, ...this.settings }, 'scheduler engine started');
    this.schedulePoll(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    for (const b of this.buckets.values()) clearTimeout(b.timer);
    this.buckets.clear();
    await Promise.allSettled([...this.inFlight]);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.flush();
    // Hand the leases of jobs not fired yet back at once, so another replica need not wait for expiry.
    const tokens = [...new Set([...this.held.values()].map((h) => h.token))];
    this.held.clear();
    if (tokens.length) await this.ds.getRepository(Job).update({ leaseToken: In(tokens) }, { leaseOwner: null, leaseToken: null, leaseUntil: null }).catch(() => undefined);
  }

  private schedulePoll(delay: number): void {
    if (!this.running) return;
    this.pollTimer = setTimeout(() => void this.track(this.pollOnce()), delay);
  }

  private async track(p: Promise<void>): Promise<void> {
    this.inFlight.add(p);
    try {
      await p;
    } finally {
      this.inFlight.delete(p);
    }
  }

  private async pollOnce(): Promise<void> {
    let claimed = 0;
    try {
      claimed = await this.claim();
    } catch (err) {
      this.logger.warn({ err }, 'claiming due jobs failed; retrying');
    }
    // A full batch means more are due: poll again at once.
    this.schedulePoll(claimed >= this.settings.batch ? 0 : this.settings.pollMs);
  }

  /** Claims due, unleased jobs (portable conditional update) and arms their timers. */
  async claim(): Promise<number> {
    const now = new Date();
    const horizon = new Date(now.getTime() + this.settings.lookaheadMs);
    const due = await this.dueQuery(this.ds.manager, now, horizon).select('j.id', 'id').orderBy('j.fire_at', 'ASC').limit(this.settings.batch).getRawMany<{ id: string }>();
    if (due.length === 0) return 0;
    const token = randomUUID();
    const leaseUntil = new Date(horizon.getTime() + this.settings.leaseMs);
    await this.ds
      .createQueryBuilder()
      .update(Job)
      .set({ leaseOwner: this.replica, leaseToken: token, leaseUntil })
      .where('id IN (:...ids)', { ids: due.map((d) => d.id) })
      .andWhere(new Brackets((q) => q.where('lease_until IS NULL').orWhere('lease_until < :now', { now })))
      .andWhere("state = 'waiting'")
      // another replica may have fired and moved the job on since the select: never claim its next, later occurrence
      .andWhere('fire_at <= :horizon', { horizon })
      .execute();
    const mine = await this.ds.getRepository(Job).find({ where: { leaseToken: token } });
    for (const job of mine) this.arm({ job, token });
    return due.length;
  }

  private dueQuery(m: EntityManager, now: Date, horizon: Date) {
    return m
      .getRepository(Job)
      .createQueryBuilder('j')
      .where("j.state = 'waiting'")
      .andWhere('j.enabled = :t', { t: true })
      .andWhere('j.env_paused = :f', { f: false })
      .andWhere('j.fire_at <= :horizon', { horizon })
      .andWhere(new Brackets((q) => q.where('j.lease_until IS NULL').orWhere('j.lease_until < :now', { now })));
  }

  /** Puts a claimed job in the timer bucket of its fire time (one timer per millisecond). */
  private arm(h: Held): void {
    this.held.set(h.job.id, h);
    const at = (h.job.fireAt as Date).getTime();
    const bucket = this.buckets.get(at);
    if (bucket) {
      bucket.items.push(h);
      return;
    }
    const timer = setTimeout(
      () => {
        const b = this.buckets.get(at);
        this.buckets.delete(at);
        if (b) void this.track(this.fire(b.items));
      },
      Math.max(0, at - Date.now()),
    );
    this.buckets.set(at, { timer, items: [h] });
  }

  /** Fires one bucket: publish every trigger concurrently; the records join the next batch. */
  private async fire(items: Held[]): Promise<void> {
    const outcomes = await Promise.all(items.map((h) => this.fireOne(h)));
    for (const o of outcomes) if (o) this.toRecord.push(o);
    for (const [i, o] of outcomes.entries()) if (!o) this.held.delete(items[i].job.id);
    this.flushTimer ??= setTimeout(() => void this.track(this.flush()), RECORD_BATCH_MS);
  }

  /**
   * Records every fired occurrence of the last few milliseconds in one transaction: one commit per
   * batch instead of one per job (SQLite syncs each commit). The leases cover the delay.
   */
  private async flush(): Promise<void> {
    this.flushTimer = undefined;
    const batch = this.toRecord.splice(0, this.toRecord.length);
    if (batch.length === 0) return;
    try {
      await writeTransaction(this.ds, async (m) => {
        for (const o of batch) await this.record(m, o);
      });
    } catch (err) {
      // The triggers are in JetStream; the leases expire and the next claim re-publishes the same msg ids (dropped as duplicates) and records them.
      this.logger.error({ err, jobs: batch.length }, 'recording fired jobs failed; they will be re-claimed after their lease');
    } finally {
      for (const o of batch) this.held.delete(o.held.job.id);
    }
  }

  private async fireOne(h: Held): Promise<Outcome | null> {
    const now = new Date();
    const decision = decide(h.job, now);
    if (!decision.publish) return { held: h, decision, firedAt: now };
    const due = h.job.dueAt as Date;
    try {
      if (h.job.kind === 'system') {
        await this.duties.run(h.job, now);
      } else {
        await this.publisher.publish(h.job, due, runIdOf(h.job.id, due), now);
      }
      return { held: h, decision, firedAt: now };
    } catch (err) {
      if (h.job.kind === 'system') return { held: h, decision, firedAt: now, error: (err as Error).message };
      this.logger.warn({ err, jobId: h.job.id }, 'publishing a trigger failed; releasing the lease to retry');
      await this.ds
        .getRepository(Job)
        .update({ id: h.job.id, leaseToken: h.token }, { leaseOwner: null, leaseToken: null, leaseUntil: null })
        .catch(() => undefined);
      return null;
    }
  }

  /** Records one occurrence and moves the job on, only while the lease is still ours. */
  private async record(m: EntityManager, o: Outcome): Promise<void> {
    const { job, token } = o.held;
    const due = job.dueAt as Date;
    const runId = runIdOf(job.id, due);
    const { changes, outcome, running } = recordChanges(job, o, runId);
    const res = await m.getRepository(Job).update({ id: job.id, leaseToken: token }, changes);
    if (!res.affected) return; // the lease was taken over: whoever holds it now records this occurrence
    if (o.decision.buffer) return; // kept for when the running one is reported
    const published = o.decision.publish;
    if (published && job.runningRunId && job.runningUntil && job.runningUntil <= o.firedAt) {
      await m.getRepository(JobRun).update({ id: job.runningRunId, outcome: 'running' }, { outcome: 'failed', error: 'timed out', finishedAt: o.firedAt });
    }
    if (await m.getRepository(JobRun).findOne({ where: { jobId: job.id, dueAt: due } })) return;
    await m.getRepository(JobRun).insert({
      id: runId,
      jobId: job.id,
      companyId: job.companyId,
      environmentId: job.environmentId,
      dueAt: due,
      firedAt: published ? o.firedAt : null,
      finishedAt: running ? null : o.firedAt,
      outcome,
      error: o.error ?? o.decision.error ?? null,
      attempt: job.attempts + 1,
      lagMs: published ? o.firedAt.getTime() - due.getTime() : null,
      replica: this.replica,
    });
  }
}

/** The job's columns after one occurrence (next occurrence, lease released, running state). */
function recordChanges(job: Job, o: Outcome, runId: string): { changes: Partial<Job>; outcome: RunOutcome; running: boolean } {
  const next = advance(job, o.decision.fromNow, o.firedAt);
  const published = o.decision.publish;
  const running = published && !o.error && job.runTimeoutSeconds > 0;
  const outcome: RunOutcome = o.error ? 'failed' : published ? (running ? 'running' : 'succeeded') : (o.decision.outcome ?? 'skipped');
  const changes: Partial<Job> = {
    dueAt: next.dueAt,
    fireAt: next.fireAt,
    fireCount: next.fireCount,
    state: next.dueAt ? 'waiting' : 'completed',
    leaseOwner: null,
    leaseToken: null,
    leaseUntil: null,
    updatedAt: o.firedAt,
    ...(o.decision.buffer ? { buffered: true } : {}),
    ...(published ? { lastRunAt: o.firedAt, lastOutcome: outcome } : {}),
    ...(running ? { runningUntil: new Date(o.firedAt.getTime() + job.runTimeoutSeconds * 1000), runningRunId: runId } : {}),
  };
  return { changes, outcome, running };
}
