import type { InvocationResultReply, InvocationStatus } from '@fleet/contracts-connector';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';
import type { AttemptLogEntry } from '../outbound/executor';

/** One recorded invocation (trace): request/response excerpts are truncated and secret-redacted. */
export class Invocation {
  id!: string;
  environmentId!: string;
  connector!: string;
  source!: 'process' | 'test';
  /** Unique per environment; test calls get `test:<id>`. */
  idempotencyKey!: string;
  status!: InvocationStatus;
  attempts!: number;
  startedAt!: Date;
  durationMs!: number | null;
  httpStatus!: number | null;
  errorName!: string | null;
  failureKind!: string | null;
  failureMessage!: string | null;
  request!: Record<string, unknown> | null;
  response!: Record<string, unknown> | null;
  attemptLog!: AttemptLogEntry[];
  /** The reply, answered again for the same idempotency key (output variables included). */
  result!: Omit<InvocationResultReply, 'replayed'> | null;
}

export const invocationDefinition: EntityDefinition<Invocation> = {
  target: Invocation,
  table: 'connector_invocations',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    environmentId: { column: 'environment_id', kind: col.id() },
    connector: { column: 'connector', kind: col.string(80) },
    source: { column: 'source', kind: col.string(10) },
    idempotencyKey: { column: 'idempotency_key', kind: col.string(200) },
    status: { column: 'status', kind: col.string(10) },
    attempts: { column: 'attempts', kind: col.int() },
    startedAt: { column: 'started_at', kind: col.timestamp() },
    durationMs: { column: 'duration_ms', kind: col.int(), nullable: true },
    httpStatus: { column: 'http_status', kind: col.int(), nullable: true },
    errorName: { column: 'error_name', kind: col.string(80), nullable: true },
    failureKind: { column: 'failure_kind', kind: col.string(30), nullable: true },
    failureMessage: { column: 'failure_message', kind: col.string(500), nullable: true },
    request: { column: 'request', kind: col.json(), nullable: true },
    response: { column: 'response', kind: col.json(), nullable: true },
    attemptLog: { column: 'attempt_log', kind: col.json() },
    result: { column: 'result', kind: col.json(), nullable: true },
  },
  indices: [
    { name: 'ux_connector_invocations_env_key', columns: ['environmentId', 'idempotencyKey'], unique: true },
    { name: 'ix_connector_invocations_env_started', columns: ['environmentId', 'startedAt'] },
  ],
};

export const invocationEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, invocationDefinition)];
