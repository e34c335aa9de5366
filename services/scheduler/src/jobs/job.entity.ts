import type { JobActionDto, JobKind, JobSource, JobState, MisfirePolicy, OverlapPolicy, RetryDto, RunOutcome, ScheduleDto } from '@fleet/contracts-scheduler';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** A job of one environment: its schedule, policies, next occurrence and lease. */
export class Job {
  id!: string;
  companyId!: string;
  environmentId!: string;
  kind!: JobKind;
  source!: JobSource;
  name!: string;
  /** Unique per environment: `rt:<runtime key>`, `catalog:<artifact>`, `system:<duty>`, `admin:<id>`. */
  jobKey!: string;
  schedule!: ScheduleDto;
  overlap!: OverlapPolicy;
  misfirePolicy!: MisfirePolicy;
  misfireWindowSeconds!: number;
  jitterSeconds!: number;
  runTimeoutSeconds!: number;
  retry!: RetryDto | null;
  action!: JobActionDto | null;
  payload!: object | null;
  enabled!: boolean;
  envPaused!: boolean;
  state!: JobState;
  /** The pending occurrence's scheduled time (its identity: msg id = job id + due). */
  dueAt!: Date | null;
  /** When it fires: due + jitter (or a retry time). */
  fireAt!: Date | null;
  fireCount!: number;
  attempts!: number;
  runningUntil!: Date | null;
  runningRunId!: string | null;
  buffered!: boolean;
  lastRunAt!: Date | null;
  lastOutcome!: RunOutcome | null;
  leaseOwner!: string | null;
  leaseToken!: string | null;
  leaseUntil!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
}

export const jobDefinition: EntityDefinition<Job> = {
  target: Job,
  table: 'jobs',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    environmentId: { column: 'environment_id', kind: col.id() },
    kind: { column: 'kind', kind: col.string(12) },
    source: { column: 'source', kind: col.string(12) },
    name: { column: 'name', kind: col.string(120) },
    jobKey: { column: 'job_key', kind: col.string(220) },
    schedule: { column: 'schedule', kind: col.json() },
    overlap: { column: 'overlap', kind: col.string(12) },
    misfirePolicy: { column: 'misfire_policy', kind: col.string(12) },
    misfireWindowSeconds: { column: 'misfire_window_seconds', kind: col.int() },
    jitterSeconds: { column: 'jitter_seconds', kind: col.int() },
    runTimeoutSeconds: { column: 'run_timeout_seconds', kind: col.int() },
    retry: { column: 'retry', kind: col.json(), nullable: true },
    action: { column: 'action', kind: col.json(), nullable: true },
    payload: { column: 'payload', kind: col.json(), nullable: true },
    enabled: { column: 'enabled', kind: col.boolean() },
    envPaused: { column: 'env_paused', kind: col.boolean() },
    state: { column: 'state', kind: col.string(12) },
    dueAt: { column: 'due_at', kind: col.timestamp(), nullable: true },
    fireAt: { column: 'fire_at', kind: col.timestamp(), nullable: true },
    fireCount: { column: 'fire_count', kind: col.int() },
    attempts: { column: 'attempts', kind: col.int() },
    runningUntil: { column: 'running_until', kind: col.timestamp(), nullable: true },
    runningRunId: { column: 'running_run_id', kind: col.id(), nullable: true },
    buffered: { column: 'buffered', kind: col.boolean() },
    lastRunAt: { column: 'last_run_at', kind: col.timestamp(), nullable: true },
    lastOutcome: { column: 'last_outcome', kind: col.string(12), nullable: true },
    leaseOwner: { column: 'lease_owner', kind: col.string(80), nullable: true },
    leaseToken: { column: 'lease_token', kind: col.id(), nullable: true },
    leaseUntil: { column: 'lease_until', kind: col.timestamp(), nullable: true },
    createdAt: { column: 'created_at', kind: col.timestamp() },
    updatedAt: { column: 'updated_at', kind: col.timestamp() },
  },
  indices: [
    { name: 'ux_jobs_env_key', columns: ['environmentId', 'jobKey'], unique: true },
    { name: 'ix_jobs_fire_at', columns: ['fireAt'] },
    { name: 'ix_jobs_lease_token', columns: ['leaseToken'] },
  ],
};

/** One occurrence of a job: fired (or skipped / missed) once, with its outcome. */
export class JobRun {
  id!: string;
  jobId!: string;
  companyId!: string;
  environmentId!: string;
  dueAt!: Date;
  firedAt!: Date | null;
  finishedAt!: Date | null;
  outcome!: RunOutcome;
  error!: string | null;
  attempt!: number;
  lagMs!: number | null;
  replica!: string | null;
}

export const jobRunDefinition: EntityDefinition<JobRun> = {
  target: JobRun,
  table: 'job_runs',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    jobId: { column: 'job_id', kind: col.id() },
    companyId: { column: 'company_id', kind: col.id() },
    environmentId: { column: 'environment_id', kind: col.id() },
    dueAt: { column: 'due_at', kind: col.timestamp() },
    firedAt: { column: 'fired_at', kind: col.timestamp(), nullable: true },
    finishedAt: { column: 'finished_at', kind: col.timestamp(), nullable: true },
    outcome: { column: 'outcome', kind: col.string(12) },
    error: { column: 'error', kind: col.text(), nullable: true },
    attempt: { column: 'attempt', kind: col.int() },
    lagMs: { column: 'lag_ms', kind: col.int(), nullable: true },
    replica: { column: 'replica', kind: col.string(80), nullable: true },
  },
  indices: [
    { name: 'ux_job_runs_job_due', columns: ['jobId', 'dueAt'], unique: true },
    { name: 'ix_job_runs_env_due', columns: ['environmentId', 'dueAt'] },
  ],
};

/** Whether an environment's jobs are paused (maintenance window); new jobs there start paused. */
export class EnvironmentState {
  environmentId!: string;
  companyId!: string;
  paused!: boolean;
  updatedAt!: Date;
}

export const environmentStateDefinition: EntityDefinition<EnvironmentState> = {
  target: EnvironmentState,
  table: 'environment_states',
  columns: {
    environmentId: { column: 'environment_id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    paused: { column: 'paused', kind: col.boolean() },
    updatedAt: { column: 'updated_at', kind: col.timestamp() },
  },
};

export const schedulerEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, jobDefinition), entitySchema(d, jobRunDefinition), entitySchema(d, environmentStateDefinition)];
