import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { JobActionDto, JobKinds, JobSources, JobStates, MisfireDto, RetryDto, RunOutcomes, ScheduleDto, type JobKind, type JobSource, type JobState, type OverlapPolicy, type RunOutcome } from './job.dto';

export class JobReply {
  @IsUUID()
  id!: string;
  @IsUUID()
  environmentId!: string;
  @IsIn(JobKinds)
  kind!: JobKind;
  @IsIn(JobSources)
  source!: JobSource;
  @IsString()
  name!: string;
  /** Wait/alarm jobs: the runtime's key. */
  @IsOptional()
  @IsString()
  key!: string | null;
  @ValidateNested()
  @Type(() => ScheduleDto)
  schedule!: ScheduleDto;
  @IsString()
  overlap!: OverlapPolicy;
  @ValidateNested()
  @Type(() => MisfireDto)
  misfire!: MisfireDto;
  @IsInt()
  jitterSeconds!: number;
  @IsInt()
  runTimeoutSeconds!: number;
  @IsOptional()
  @ValidateNested()
  @Type(() => RetryDto)
  retry!: RetryDto | null;
  @IsOptional()
  @ValidateNested()
  @Type(() => JobActionDto)
  action!: JobActionDto | null;
  @IsOptional()
  @IsObject()
  payload!: Record<string, unknown> | null;
  @IsBoolean()
  enabled!: boolean;
  /** True while the environment is paused (maintenance window). */
  @IsBoolean()
  paused!: boolean;
  /** False for system and deployed jobs (only Enabled and the next run time may change). */
  @IsBoolean()
  editable!: boolean;
  @IsIn(JobStates)
  state!: JobState;
  /** The next occurrence's scheduled time; null when there is none. */
  @IsOptional()
  @IsISO8601()
  nextRunAt!: string | null;
  @IsOptional()
  @IsISO8601()
  lastRunAt!: string | null;
  @IsOptional()
  @IsString()
  lastOutcome!: RunOutcome | null;
  @IsInt()
  fireCount!: number;
  @IsInt()
  attempts!: number;
  @IsISO8601()
  createdAt!: string;
  @IsISO8601()
  updatedAt!: string;
}

export class JobListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => JobReply)
  items!: JobReply[];
  @IsInt()
  total!: number;
}

export class RunReply {
  @IsUUID()
  id!: string;
  @IsUUID()
  jobId!: string;
  @IsISO8601()
  dueAt!: string;
  @IsOptional()
  @IsISO8601()
  firedAt!: string | null;
  @IsOptional()
  @IsISO8601()
  finishedAt!: string | null;
  @IsIn(RunOutcomes)
  outcome!: RunOutcome;
  @IsOptional()
  @IsString()
  error!: string | null;
  @IsInt()
  attempt!: number;
  /** Milliseconds between the due time and the publication. */
  @IsOptional()
  @IsInt()
  lagMs!: number | null;
  @IsOptional()
  @IsString()
  replica!: string | null;
}

export class RunListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RunReply)
  items!: RunReply[];
  @IsInt()
  total!: number;
}

export class DeployJobsReply {
  @IsInt()
  created!: number;
  @IsInt()
  updated!: number;
  @IsInt()
  deleted!: number;
}

export class EnvironmentStateReply {
  @IsUUID()
  environmentId!: string;
  @IsBoolean()
  paused!: boolean;
  /** Jobs whose paused flag changed. */
  @IsInt()
  jobs!: number;
}

export class DeleteJobReply {
  @IsUUID()
  id!: string;
  @IsBoolean()
  deleted!: boolean;
}

/** The trigger of one occurrence, published with `Nats-Msg-Id = triggerMsgId(jobId, dueAt)`. */
export class JobFiredEvent {
  @IsUUID()
  jobId!: string;
  @IsUUID()
  runId!: string;
  @IsIn(JobKinds)
  kind!: JobKind;
  @IsUUID()
  companyId!: string;
  @IsUUID()
  environmentId!: string;
  @IsString()
  name!: string;
  @IsOptional()
  @IsString()
  key?: string;
  @IsISO8601()
  dueAt!: string;
  @IsISO8601()
  firedAt!: string;
  @IsInt()
  attempt!: number;
  @IsOptional()
  @ValidateNested()
  @Type(() => JobActionDto)
  action?: JobActionDto;
  @IsOptional()
  @IsObject()
  payload?: Record<string, unknown>;
}
