import type { ConnectorContent } from '@fleet/contracts-catalog';
import {
  ConnectorErrorCodes,
  type ExecuteInvocationRequest,
  type InvocationListReply,
  type InvocationReply,
  type InvocationResultReply,
  type ListInvocationsRequest,
} from '@fleet/contracts-connector';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { LessThan, type DataSource, type FindOptionsWhere } from 'typeorm';
import { DefinitionsService } from '../definitions/definitions.service';
import { OutboundExecutor, type ExecutionResult } from '../outbound/executor';
import { Redactor } from '../outbound/redactor';
import { parametersOf } from '../outbound/templates';
import { ParameterResolutionError, ParametersService } from '../parameters/parameters.service';
import { Invocation } from './invocation.entity';

/** Injection token of the process's OutboundExecutor (its breakers, limits and token cache live as long as the process). */
export const OUTBOUND_EXECUTOR = Symbol('connector.executor');

const toReply = (i: Invocation): InvocationReply => ({
  id: i.id,
  environmentId: i.environmentId,
  connector: i.connector,
  source: i.source,
  status: i.status,
  attempts: i.attempts,
  startedAt: i.startedAt.toISOString(),
  durationMs: i.durationMs,
  httpStatus: i.httpStatus,
  errorName: i.errorName,
  failureKind: i.failureKind,
  failureMessage: i.failureMessage,
  request: i.request,
  response: i.response,
  attemptLog: i.attemptLog,
});

/** Every parameter name a definition's templates use. */
function parameterNames(def: ConnectorContent): string[] {
  const templates = [def.urlTemplate, def.bodyTemplate ?? '', ...Object.values(def.headers ?? {}), ...Object.values(def.query ?? {}), ...Object.values(def.auth).filter((v): v is string => typeof v === 'string')];
  return templates.flatMap(parametersOf);
}

/**
 * Runs and records invocations. The row is committed `running` before the first attempt and
 * completed after the last; a completed idempotency key answers its recorded reply again.
 */
@Injectable()
export class InvocationsService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.logger) private readonly logger: Logger,
    @Inject(OUTBOUND_EXECUTOR) private readonly executor: OutboundExecutor,
    private readonly definitions: DefinitionsService,
    private readonly parameters: ParametersService,
  ) {}

  /** A process's call (idempotent per key), or a test call (`source: test`, a fresh key, optionally its own retry count). */
  async execute(req: ExecuteInvocationRequest, source: 'process' | 'test' = 'process', retries?: number): Promise<InvocationResultReply> {
    const definition = await this.definitions.get(req.environmentId, req.connector);
    const claimed = await this.claim(req, source);
    if ('replay' in claimed) return claimed.replay;
    const row = claimed.row;
    const started = Date.now();
    const result = await this.run(req, retries === undefined ? definition.content : { ...definition.content, retries });
    const durationMs = Date.now() - started;
    const reply = await this.complete(row, result, durationMs);
    this.logger.info({ environmentId: req.environmentId, connector: req.connector, invocationId: row.id, source, outcome: result.outcome, attempts: result.attempts, durationMs, httpStatus: result.httpStatus, failureKind: result.failure?.kind, errorName: result.error?.name }, 'connector invocation finished');
    return { ...reply, replayed: false };
  }

  /** Records the outcome on the invocation row and returns the reply (kept for idempotent replay). */
  private async complete(row: Invocation, result: ExecutionResult, durationMs: number): Promise<Omit<InvocationResultReply, 'replayed'>> {
    const reply: Omit<InvocationResultReply, 'replayed'> = {
      invocationId: row.id,
      outcome: result.outcome,
      ...(result.output ? { output: result.output } : {}),
      ...(result.error ? { error: result.error } : {}),
      ...(result.failure ? { failure: result.failure } : {}),
      attempts: result.attempts,
      durationMs,
    };
    await this.ds.getRepository(Invocation).save(
      Object.assign(row, {
        status: result.outcome,
        attempts: result.attempts,
        durationMs,
        httpStatus: result.httpStatus ?? null,
        errorName: result.error?.name ?? null,
        failureKind: result.failure?.kind ?? null,
        failureMessage: result.failure?.message.slice(0, 500) ?? null,
        request: result.request ?? null,
        response: result.response ?? null,
        attemptLog: result.attemptLog,
        result: reply,
      }),
    );
    return reply;
  }

  async list(req: ListInvocationsRequest): Promise<InvocationListReply> {
    const where: FindOptionsWhere<Invocation> = { environmentId: req.environmentId, ...(req.connector ? { connector: req.connector } : {}), ...(req.status ? { status: req.status } : {}) };
    const rows = await this.ds.getRepository(Invocation).find({ where, order: { startedAt: 'DESC' }, take: req.limit ?? 100, skip: req.offset ?? 0 });
    return { items: rows.map(toReply) };
  }

  async get(environmentId: string, invocationId: string): Promise<InvocationReply> {
    const row = await this.ds.getRepository(Invocation).findOne({ where: { environmentId, id: invocationId } });
    if (!row) throw new FleetError(ConnectorErrorCodes.NOT_FOUND, `invocation ${invocationId} not found`);
    return toReply(row);
  }

  /** Resolves the parameters (secrets through the provider) and runs the executor; nothing thrown carries a value. */
  private async run(req: ExecuteInvocationRequest, content: ConnectorContent): Promise<ExecutionResult> {
    const redactor = new Redactor();
    try {
      const params = await this.parameters.resolve(req.environmentId, parameterNames(content), redactor);
      const policy = await this.parameters.outboundPolicy(req.environmentId);
      return await this.executor.execute({ environmentId: req.environmentId, definition: content, input: req.input, params, policy, redactor });
    } catch (err) {
      if (err instanceof ParameterResolutionError) return { outcome: 'failed', failure: { kind: err.kind, message: err.message }, attempts: 0, attemptLog: [] };
      this.logger.error({ environmentId: req.environmentId, connector: req.connector, err: (err as Error).name }, 'connector invocation crashed');
      return { outcome: 'failed', failure: { kind: 'connection', message: 'internal error while calling the target' }, attempts: 0, attemptLog: [] };
    }
  }

  /**
   * Takes the idempotency key: a new row `running`, or the recorded reply of a completed one, or
   * `CONNECTOR.CONFLICT` while another request runs it. A `running` row older than the stale limit
   * (its replica died mid-call) is taken over.
   */
  private async claim(req: ExecuteInvocationRequest, source: 'process' | 'test'): Promise<{ row: Invocation } | { replay: InvocationResultReply }> {
    const repo = this.ds.getRepository(Invocation);
    const existing = await repo.findOne({ where: { environmentId: req.environmentId, idempotencyKey: req.idempotencyKey } });
    if (existing?.status !== undefined && existing.status !== 'running' && existing.result) return { replay: { ...existing.result, replayed: true } };
    const staleBefore = new Date(Date.now() - 10 * 60_000);
    if (existing) {
      const taken = await repo.update({ id: existing.id, status: 'running', startedAt: LessThan(staleBefore) }, { startedAt: new Date(), attempts: 0 });
      if (!taken.affected) throw new FleetError(ConnectorErrorCodes.CONFLICT, `invocation with idempotency key ${req.idempotencyKey} is running`);
      return { row: existing };
    }
    const row = Object.assign(new Invocation(), {
      id: randomUUID(),
      environmentId: req.environmentId,
      connector: req.connector,
      source,
      idempotencyKey: req.idempotencyKey,
      status: 'running' as const,
      attempts: 0,
      startedAt: new Date(),
      durationMs: null,
      httpStatus: null,
      errorName: null,
      failureKind: null,
      failureMessage: null,
      request: null,
      response: null,
      attemptLog: [],
      result: null,
    });
    try {
      await repo.insert(row);
    } catch {
      throw new FleetError(ConnectorErrorCodes.CONFLICT, `invocation with idempotency key ${req.idempotencyKey} is running`);
    }
    return { row };
  }
}
