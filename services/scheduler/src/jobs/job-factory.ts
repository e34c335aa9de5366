import { SchedulerErrorCodes, type JobActionDto, type JobKind, type JobPoliciesDto, type JobSource, type RetryDto, type ScheduleDto } from '@fleet/contracts-scheduler';
import { FleetError } from '@fleet/shared-errors';
import { randomUUID } from 'node:crypto';
import { withJitter } from '../engine/occurrence';
import { nextOccurrence, scheduleProblems } from '../schedules/schedule';
import type { Job } from './job.entity';

/** Default retry of wait jobs (a failed one stays waiting and is retried). */
export const DEFAULT_WAIT_RETRY: RetryDto = { maxAttempts: 3, intervalSeconds: 60 };

/** Refuses an unusable schedule with SCHEDULER.VALIDATION naming each field. */
export function assertSchedule(s: ScheduleDto, prefix = 'schedule'): void {
  const problems = scheduleProblems(s, prefix);
  if (problems.length) throw new FleetError(SchedulerErrorCodes.VALIDATION, `invalid schedule: ${problems.map((p) => `${p.path} ${p.reason}`).join('; ')}`, { fields: problems });
}

export interface NewJob extends JobPoliciesDto {
  companyId: string;
  environmentId: string;
  kind: JobKind;
  source: JobSource;
  name: string;
  jobKey: string;
  schedule: ScheduleDto;
  action?: JobActionDto | null;
  payload?: Record<string, unknown> | null;
  retry?: RetryDto | null;
  enabled?: boolean;
  envPaused: boolean;
}

/** The policy columns of a definition, defaults filled in. */
export function policiesOf(n: JobPoliciesDto): Pick<Job, 'overlap' | 'misfirePolicy' | 'misfireWindowSeconds' | 'jitterSeconds' | 'runTimeoutSeconds'> {
  return {
    overlap: n.overlap ?? 'skip',
    misfirePolicy: n.misfire?.policy ?? 'fire-once',
    misfireWindowSeconds: n.misfire?.windowSeconds ?? 60,
    jitterSeconds: n.jitterSeconds ?? 0,
    runTimeoutSeconds: n.runTimeoutSeconds ?? 0,
  };
}

/** The first occurrence of a schedule defined at `now` (due, fire time with jitter, state). */
export function firstOccurrence(schedule: ScheduleDto, jitterSeconds: number, now: Date): Pick<Job, 'dueAt' | 'fireAt' | 'state' | 'fireCount' | 'createdAt'> {
  const due = nextOccurrence(schedule, { anchor: now, fired: 0 }, now);
  return { dueAt: due, fireAt: due ? withJitter(due, jitterSeconds) : null, state: due ? 'waiting' : 'completed', fireCount: 0, createdAt: now };
}

/** A job row with its first occurrence computed (state `completed` when the schedule has none). */
export function buildJob(n: NewJob, now: Date, id: string = randomUUID()): Job {
  const policies = policiesOf(n);
  return {
    ...policies,
    ...firstOccurrence(n.schedule, policies.jitterSeconds, now),
    id,
    companyId: n.companyId,
    environmentId: n.environmentId,
    kind: n.kind,
    source: n.source,
    name: n.name,
    jobKey: n.jobKey,
    schedule: n.schedule,
    retry: n.retry ?? null,
    action: n.action ?? null,
    payload: n.payload ?? null,
    enabled: n.enabled ?? true,
    envPaused: n.envPaused,
    attempts: 0,
    runningUntil: null,
    runningRunId: null,
    buffered: false,
    lastRunAt: null,
    lastOutcome: null,
    leaseOwner: null,
    leaseToken: null,
    leaseUntil: null,
    updatedAt: now,
  };
}
