import type { RunOutcome } from '@fleet/contracts-scheduler';
import { createHash } from 'node:crypto';
import type { Job } from '../jobs/job.entity';
import { nextOccurrence } from '../schedules/schedule';

/** What happens to one due occurrence when its time comes. */
export interface FireDecision {
  /** Publish the trigger (or run the system duty). */
  publish: boolean;
  /** The run's outcome when nothing is published (`skipped`, `missed`). */
  outcome?: RunOutcome;
  error?: string;
  /** Keep this occurrence for when the running one is reported (overlap buffer-one). */
  buffer?: boolean;
  /** Advance from now instead of from the due time (misfire fire-once / skip). */
  fromNow: boolean;
}

/** Misfire and overlap policies applied to the job's pending occurrence at `now`. */
export function decide(job: Pick<Job, 'dueAt' | 'misfirePolicy' | 'misfireWindowSeconds' | 'runningUntil' | 'overlap' | 'buffered'>, now: Date): FireDecision {
  const due = job.dueAt as Date;
  const late = now.getTime() - due.getTime();
  const misfired = late > job.misfireWindowSeconds * 1000;
  if (misfired && job.misfirePolicy === 'skip') return { publish: false, outcome: 'missed', error: `missed by ${late} ms (window ${job.misfireWindowSeconds} s)`, fromNow: true };
  const fromNow = misfired && job.misfirePolicy === 'fire-once';
  const running = job.runningUntil !== null && job.runningUntil.getTime() > now.getTime();
  if (running && job.overlap === 'skip') return { publish: false, outcome: 'skipped', error: 'the previous run is still running', fromNow };
  if (running && job.overlap === 'buffer-one') {
    if (job.buffered) return { publish: false, outcome: 'skipped', error: 'the previous run is still running and one occurrence is already buffered', fromNow };
    return { publish: false, buffer: true, fromNow };
  }
  return { publish: true, fromNow };
}

/** The job's next pending occurrence after this one (null: exhausted), with its fire time (jitter added). */
export function advance(job: Pick<Job, 'schedule' | 'createdAt' | 'fireCount' | 'dueAt' | 'jitterSeconds'>, fromNow: boolean, now: Date): { dueAt: Date | null; fireAt: Date | null; fireCount: number } {
  const fireCount = job.fireCount + 1;
  const after = fromNow ? now : (job.dueAt as Date);
  const dueAt = nextOccurrence(job.schedule, { anchor: job.createdAt, fired: fireCount }, after);
  return { dueAt, fireAt: dueAt ? withJitter(dueAt, job.jitterSeconds) : null, fireCount };
}

export function withJitter(due: Date, jitterSeconds: number): Date {
  return jitterSeconds > 0 ? new Date(due.getTime() + Math.floor(Math.random() * jitterSeconds * 1000)) : due;
}

/** The run id of one occurrence: the same on every replica (a UUID derived from job id and due time). */
export function runIdOf(jobId: string, dueAt: Date): string {
  const h = createHash('sha256').update(`${jobId}@${dueAt.toISOString()}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
