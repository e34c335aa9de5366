import { PageQuery } from '@fleet/contracts-fleet';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { CONNECTOR_NAME_PATTERN } from './definitions.dto';

/** `ok`: the call succeeded (output mapped); `error`: a mapped, named business error; `failed`: a technical failure. */
export const InvocationOutcomes = ['ok', 'error', 'failed'] as const;
export type InvocationOutcome = (typeof InvocationOutcomes)[number];
export const InvocationStatuses = ['running', ...InvocationOutcomes] as const;
export type InvocationStatus = (typeof InvocationStatuses)[number];

/** Kinds of technical failure (outcome `failed`). */
export const FailureKinds = ['timeout', 'connection', 'circuit_open', 'concurrency_limit', 'refused_by_policy', 'http_status', 'auth', 'secret', 'template', 'response'] as const;
export type FailureKind = (typeof FailureKinds)[number];

/** `connector.invocation.execute` (internal): run connector `connector` of the environment for a process. */
export class ExecuteInvocationRequest {
  @IsUUID()
  environmentId!: string;

  @Matches(CONNECTOR_NAME_PATTERN)
  connector!: string;

  /** Case variables the templates read (`{{var}}`). */
  @IsObject()
  input!: Record<string, unknown>;

  /** The same key answers the recorded reply instead of calling again (e.g. `<caseId>:<activityId>:<attempt>`). */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  idempotencyKey!: string;
}

/** `connector.invocation.test`: an administrator's test call (recorded with source `test`). */
export class TestInvocationRequest {
  @IsUUID()
  environmentId!: string;

  @Matches(CONNECTOR_NAME_PATTERN)
  name!: string;

  /** Retries for this test call (default: the definition's); 0 shows the first answer at once. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  retries?: number;

  @IsOptional()
  @IsObject()
  input?: Record<string, unknown>;
}

export class NamedErrorReply {
  /** The name from the definition's error mapping (what a BPMN error boundary catches). */
  @IsString()
  name!: string;

  @IsInt()
  status!: number;
}

export class FailureReply {
  @IsIn(FailureKinds)
  kind!: FailureKind;

  @IsString()
  message!: string;

  @IsOptional()
  @IsInt()
  status?: number;
}

/** The reply of an invocation: exactly one of `output`, `error`, `failure` according to `outcome`. */
export class InvocationResultReply {
  @IsUUID()
  invocationId!: string;

  @IsIn(InvocationOutcomes)
  outcome!: InvocationOutcome;

  /** Mapped output variables (outcome `ok`). */
  @IsOptional()
  @IsObject()
  output?: Record<string, unknown>;

  @IsOptional()
  @ValidateNested()
  @Type(() => NamedErrorReply)
  error?: NamedErrorReply;

  @IsOptional()
  @ValidateNested()
  @Type(() => FailureReply)
  failure?: FailureReply;

  @IsInt()
  attempts!: number;

  @IsInt()
  durationMs!: number;

  /** True when this is the recorded reply of an earlier call with the same idempotency key. */
  @IsBoolean()
  replayed!: boolean;
}

export class ListInvocationsRequest extends PageQuery {
  @IsUUID()
  environmentId!: string;

  @IsOptional()
  @Matches(CONNECTOR_NAME_PATTERN)
  connector?: string;

  @IsOptional()
  @IsIn(InvocationStatuses)
  status?: InvocationStatus;
}

export class GetInvocationRequest {
  @IsUUID()
  environmentId!: string;

  @IsUUID()
  invocationId!: string;
}

/** One attempt of an invocation. */
export class AttemptReply {
  @IsInt()
  attempt!: number;

  @IsInt()
  durationMs!: number;

  @IsOptional()
  @IsInt()
  status?: number;

  /** Failure of the attempt (`timeout: read`, `connection: ECONNREFUSED`, ...). */
  @IsOptional()
  @IsString()
  error?: string;

  /** Wait before the next attempt, ms. */
  @IsOptional()
  @IsInt()
  backoffMs?: number;
}

/** One recorded invocation; request and response are truncated (4 KiB bodies) and secret-redacted. */
export class InvocationReply {
  @IsUUID()
  id!: string;

  @IsUUID()
  environmentId!: string;

  @IsString()
  connector!: string;

  @IsIn(['process', 'test'])
  source!: 'process' | 'test';

  @IsIn(InvocationStatuses)
  status!: InvocationStatus;

  @IsInt()
  attempts!: number;

  @IsISO8601()
  startedAt!: string;

  @IsOptional()
  @IsInt()
  durationMs?: number | null;

  @IsOptional()
  @IsInt()
  httpStatus?: number | null;

  @IsOptional()
  @IsString()
  errorName?: string | null;

  @IsOptional()
  @IsString()
  failureKind?: string | null;

  @IsOptional()
  @IsString()
  failureMessage?: string | null;

  /** `{ method, url, headers, body }` as sent (last attempt), redacted. */
  @IsOptional()
  @IsObject()
  request?: Record<string, unknown> | null;

  /** `{ status, headers, body }` as received (last attempt), redacted. */
  @IsOptional()
  @IsObject()
  response?: Record<string, unknown> | null;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AttemptReply)
  attemptLog!: AttemptReply[];
}

export class InvocationListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => InvocationReply)
  items!: InvocationReply[];
}
