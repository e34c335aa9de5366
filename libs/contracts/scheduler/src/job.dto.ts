import { PageQuery } from '@fleet/contracts-fleet';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export const JobKinds = ['user', 'system', 'wait', 'alarm'] as const;
export type JobKind = (typeof JobKinds)[number];
export const JobSources = ['admin', 'catalog', 'system', 'runtime'] as const;
export type JobSource = (typeof JobSources)[number];
export const JobStates = ['waiting', 'completed', 'cancelled', 'failed'] as const;
export type JobState = (typeof JobStates)[number];
export const OverlapPolicies = ['skip', 'buffer-one', 'allow'] as const;
export type OverlapPolicy = (typeof OverlapPolicies)[number];
export const MisfirePolicies = ['skip', 'fire-once', 'catch-up'] as const;
export type MisfirePolicy = (typeof MisfirePolicies)[number];
export const RunOutcomes = ['running', 'succeeded', 'failed', 'skipped', 'missed'] as const;
export type RunOutcome = (typeof RunOutcomes)[number];

const JOB_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._:/-]{0,119}$/u;
/** ISO 8601 duration (`PT10S`, `P1DT2H`, `P1W`). */
export const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
/** ISO 8601 repeating interval (`R3/PT10S`, `R/2026-01-01T00:00:00Z/PT1H`). */
export const ISO_CYCLE = /^R(\d*)\/(?:([^/]+)\/)?(P[^/]+)$/;

/**
 * When a job fires: exactly one of `cron`, `intervalSeconds`, `at`, `cycle`, `duration` (the
 * catalog's `JobContent.schedule` plus `duration`, a BPMN timeDuration), bounded by `startAt`,
 * `endAt` and `limit` (number of occurrences).
 */
export class ScheduleDto {
  /** 5 fields (minute precision) or 6 (seconds first), croner syntax. */
  @IsOptional()
  @IsString()
  @Length(9, 120)
  cron?: string;

  /** IANA time zone of `cron` (default UTC), e.g. `Europe/Berlin`. */
  @IsOptional()
  @IsString()
  @Length(1, 64)
  timezone?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(366 * 24 * 3600)
  intervalSeconds?: number;

  /** One shot at this instant (ISO 8601 with offset). */
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  /** ISO 8601 repeating interval, `R[n]/[start/]duration`. */
  @IsOptional()
  @Matches(ISO_CYCLE, { message: 'cycle must be an ISO 8601 repeating interval such as R3/PT10S' })
  cycle?: string;

  /** One shot this long after the job is created (ISO 8601 duration). */
  @IsOptional()
  @Matches(ISO_DURATION, { message: 'duration must be an ISO 8601 duration such as PT10S' })
  duration?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  startAt?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  endAt?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  limit?: number;
}

export class MisfireDto {
  @IsIn(MisfirePolicies)
  policy!: MisfirePolicy;

  /** How late an occurrence may still fire normally (default 60). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(30 * 24 * 3600)
  windowSeconds?: number;
}

export class RetryDto {
  @IsInt()
  @Min(1)
  @Max(100)
  maxAttempts!: number;

  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  intervalSeconds!: number;
}

/** What a user job does when it fires (the catalog's JobContent.action); carried in the fired event. */
export class JobActionDto {
  @IsIn(['startProcess', 'connector'])
  type!: 'startProcess' | 'connector';

  @IsOptional()
  @IsString()
  @Length(1, 200)
  process?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  connector?: string;
}

/** Policies shared by every way of defining a job. */
export class JobPoliciesDto {
  @IsOptional()
  @IsIn(OverlapPolicies)
  overlap?: OverlapPolicy;

  @IsOptional()
  @ValidateNested()
  @Type(() => MisfireDto)
  misfire?: MisfireDto;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3600)
  jitterSeconds?: number;

  /** > 0: a run stays running until its owner reports it (`scheduler.run.report`) or this passes; overlap applies to it. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(24 * 3600)
  runTimeoutSeconds?: number;
}

/** An administrator-defined user job. */
export class CreateJobRequest extends JobPoliciesDto {
  @IsUUID()
  environmentId!: string;

  @Matches(JOB_NAME, { message: 'name must be 1-120 letters, digits, spaces or . _ : / -' })
  name!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => ScheduleDto)
  schedule!: ScheduleDto;

  @IsDefined()
  @ValidateNested()
  @Type(() => JobActionDto)
  action!: JobActionDto;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Changes to an administrator-defined job; absent fields stay. */
export class UpdateJobRequest extends JobPoliciesDto {
  @IsUUID()
  environmentId!: string;

  @IsUUID()
  jobId!: string;

  @IsOptional()
  @Matches(JOB_NAME, { message: 'name must be 1-120 letters, digits, spaces or . _ : / -' })
  name?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ScheduleDto)
  schedule?: ScheduleDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => JobActionDto)
  action?: JobActionDto;
}

export class JobRefRequest {
  @IsUUID()
  environmentId!: string;

  @IsUUID()
  jobId!: string;
}

export class RescheduleJobRequest extends JobRefRequest {
  /** The new next run time. */
  @IsISO8601({ strict: true })
  nextRunAt!: string;
}

export class ListJobsRequest extends PageQuery {
  @IsUUID()
  environmentId!: string;

  /** `waiting`: jobs with a next run; `executed`: jobs that ran at least once. Default: all. */
  @IsOptional()
  @IsIn(['waiting', 'executed'])
  view?: 'waiting' | 'executed';

  @IsOptional()
  @IsIn(JobKinds)
  kind?: JobKind;
}

export class ListRunsRequest extends PageQuery {
  @IsUUID()
  environmentId!: string;

  @IsUUID()
  jobId!: string;
}

/** A wait (BPMN timer, asynchronous activity) or alarm job from the process runtime. */
export class CreateTimerRequest extends JobPoliciesDto {
  @IsUUID()
  environmentId!: string;

  /** The environment's company: required when the runtime calls with its service token, ignored for users. */
  @IsOptional()
  @IsUUID()
  companyId?: string;

  /** The runtime's idempotency key, unique per environment (e.g. `<caseId>:<activityId>:<token>`). */
  @IsString()
  @Length(1, 200)
  key!: string;

  @IsOptional()
  @IsIn(['wait', 'alarm'])
  kind?: 'wait' | 'alarm';

  @IsOptional()
  @Matches(JOB_NAME, { message: 'name must be 1-120 letters, digits, spaces or . _ : / -' })
  name?: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => ScheduleDto)
  schedule!: ScheduleDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => RetryDto)
  retry?: RetryDto;

  /** Opaque data handed back in the fired event (case id, activity, ...). */
  @IsOptional()
  @IsObject()
  payload?: Record<string, unknown>;
}

export class CancelTimerRequest {
  @IsUUID()
  environmentId!: string;

  @IsString()
  @Length(1, 200)
  key!: string;
}

/**
 * The owner's report of a run (from the fired event). A report can arrive before the scheduler has
 * recorded the run (records are written in batches just after the trigger is published): that is
 * answered SCHEDULER.CONFLICT, retry it.
 */
export class ReportRunRequest {
  @IsUUID()
  environmentId!: string;

  @IsUUID()
  jobId!: string;

  @IsUUID()
  runId!: string;

  @IsIn(['succeeded', 'failed'])
  outcome!: 'succeeded' | 'failed';

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  error?: string;
}

/** One deployed catalog `job` artifact (its content is the catalog's JobContent). */
export class DeployedJobDto extends JobPoliciesDto {
  /** The artifact's name: the job's identity in the environment. */
  @Matches(JOB_NAME, { message: 'name must be 1-120 letters, digits, spaces or . _ : / -' })
  name!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => ScheduleDto)
  schedule!: ScheduleDto;

  @IsDefined()
  @ValidateNested()
  @Type(() => JobActionDto)
  action!: JobActionDto;
}

export class DeployJobsRequest {
  @IsUUID()
  companyId!: string;

  @IsUUID()
  environmentId!: string;

  @ValidateNested({ each: true })
  @Type(() => DeployedJobDto)
  jobs!: DeployedJobDto[];

  /** Deployed jobs of this environment not in `jobs` are deleted (a full package). */
  @IsOptional()
  @IsBoolean()
  replace?: boolean;
}

export class EnvironmentRequest {
  @IsUUID()
  environmentId!: string;

  /** The environment's company, for service callers (the deployment service) when the scheduler has not seen the environment yet; ignored for users. */
  @IsOptional()
  @IsUUID()
  companyId?: string;
}
