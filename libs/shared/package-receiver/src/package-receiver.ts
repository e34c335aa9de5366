import {
  ApplyAbortedEvent,
  ApplyCommittedEvent,
  ApplyRequestedEvent,
  DEPLOYMENT_SERVICE,
  DeploymentEvents,
  DeploymentSubjects,
  type ApplyAcknowledgeRequest,
  type EnvironmentConfiguration,
  type PackageContent,
} from '@fleet/contracts-deployment';
import type { ServiceIdentity } from '@fleet/shared-auth';
import type { EventConsumers } from '@fleet/shared-events';
import type { RpcClient } from '@fleet/shared-nats';
import type { Logger } from 'pino';
import { In, IsNull, Not, type DataSource, type EntityManager } from 'typeorm';
import { PackageStage } from './package-stage.entity';

/** What a runtime service does with packages. Both hooks run inside the receiver's transaction. */
export interface PackageHooks {
  /** Phase 1: check and prepare (throw to refuse, before writing anything: deployment aborts the apply with the message). */
  stage?: (environmentId: string, pkg: PackageContent, m: EntityManager) => Promise<void>;
  /**
   * Phase 2: the environment now runs `pkg` (flush caches here). `configuration` is set on the first
   * deployment only. Running cases keep the process version they started on: add, never replace.
   */
  install?: (environmentId: string, pkg: PackageContent, m: EntityManager, o: { firstDeployment: boolean; configuration: EnvironmentConfiguration | null; applyId: string }) => Promise<void>;
}

export interface PackageReceiverDeps {
  service: string;
  dataSource: DataSource;
  events: EventConsumers;
  rpc: RpcClient;
  serviceIdentity: ServiceIdentity;
  logger: Logger;
  hooks: PackageHooks;
  /** How often unsent acknowledgements are retried (ms). */
  retryMs?: number;
}

/**
 * The runtime side of deployment's two-phase apply: stages `deployment.apply.requested` in
 * `package_stages`, acknowledges as the service itself, activates on `deployment.apply.committed`,
 * discards on `deployment.apply.aborted`. Acknowledgements are rows first, then requests (retried
 * until deployment answers), so a crash never loses one.
 */
export class PackageReceiver {
  private timer?: NodeJS.Timeout;
  private flushing = false;

  constructor(private readonly d: PackageReceiverDeps) {}

  start(): void {
    const { events } = this.d;
    events.start({ owner: DEPLOYMENT_SERVICE, subject: DeploymentEvents.applyRequested, payloadType: ApplyRequestedEvent, handle: (e, ctx) => this.onRequested(e, ctx.manager, ctx.afterCommit) });
    events.start({ owner: DEPLOYMENT_SERVICE, subject: DeploymentEvents.applyCommitted, payloadType: ApplyCommittedEvent, handle: (e, ctx) => this.onCommitted(e, ctx.manager, ctx.afterCommit) });
    events.start({ owner: DEPLOYMENT_SERVICE, subject: DeploymentEvents.applyAborted, payloadType: ApplyAbortedEvent, handle: (e, ctx) => this.onAborted(e, ctx.manager) });
    this.timer = setInterval(() => void this.flushAcks(), this.d.retryMs ?? 2000);
    this.timer.unref?.();
    void this.flushAcks();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The package an environment runs now, as this service received it (undefined: none yet). */
  async active(environmentId: string): Promise<PackageContent | undefined> {
    const row = await this.d.dataSource.getRepository(PackageStage).findOne({ where: { environmentId, status: 'active' } });
    return row?.content;
  }

  private async onRequested(e: ApplyRequestedEvent, m: EntityManager, afterCommit: (fn: () => void) => void): Promise<void> {
    if (!e.acknowledgers.includes(this.d.service)) return;
    const repo = m.getRepository(PackageStage);
    if (await repo.findOne({ where: { applyId: e.applyId } })) return;
    let status: 'staged' | 'failed' = 'staged';
    let reason: string | null = null;
    try {
      await this.d.hooks.stage?.(e.environmentId, e.package, m);
    } catch (err) {
      status = 'failed';
      reason = (err as Error)?.message ?? String(err);
    }
    const now = new Date();
    const row: PackageStage = { applyId: e.applyId, environmentId: e.environmentId, packageId: e.packageId, status, content: e.package, firstDeployment: e.firstDeployment, configuration: e.configuration ?? null, reason, pendingAck: status, createdAt: now, updatedAt: now };
    await repo.insert(row as never);
    afterCommit(() => void this.flushAcks());
  }

  private async onCommitted(e: ApplyCommittedEvent, m: EntityManager, afterCommit: (fn: () => void) => void): Promise<void> {
    const repo = m.getRepository(PackageStage);
    const row = await repo.findOne({ where: { applyId: e.applyId } });
    if (!row || row.status !== 'staged') return;
    await repo.update({ environmentId: e.environmentId, status: 'active', applyId: Not(e.applyId) }, { status: 'superseded', updatedAt: new Date() });
    await this.d.hooks.install?.(e.environmentId, row.content, m, { firstDeployment: row.firstDeployment, configuration: row.configuration, applyId: e.applyId });
    await repo.update({ applyId: e.applyId }, { status: 'active', pendingAck: 'activated', updatedAt: new Date() });
    afterCommit(() => void this.flushAcks());
  }

  private async onAborted(e: ApplyAbortedEvent, m: EntityManager): Promise<void> {
    await m.getRepository(PackageStage).update({ applyId: e.applyId, status: In(['staged', 'failed']) }, { status: 'discarded', pendingAck: null, reason: e.reason, updatedAt: new Date() });
  }

  /** Sends every acknowledgement not yet accepted by deployment (retried at the next tick on failure). */
  async flushAcks(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      const repo = this.d.dataSource.getRepository(PackageStage);
      const pending = await repo.find({ where: { pendingAck: Not(IsNull()) }, order: { createdAt: 'ASC' }, take: 50 });
      for (const row of pending) {
        const outcome = row.pendingAck as ApplyAcknowledgeRequest['outcome'];
        const req: ApplyAcknowledgeRequest = { applyId: row.applyId, service: this.d.service, outcome, ...(row.reason && outcome === 'failed' ? { reason: row.reason.slice(0, 1000) } : {}) };
        try {
          await this.d.serviceIdentity.request(this.d.rpc, DeploymentSubjects.applyAcknowledge, req);
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (code !== 'DEPLOYMENT.NOT_FOUND') {
            this.d.logger.warn({ applyId: row.applyId, outcome, err: (err as Error).message }, 'acknowledgement not delivered; will retry');
            break;
          }
        }
        await repo.update({ applyId: row.applyId, pendingAck: outcome }, { pendingAck: null });
      }
    } finally {
      this.flushing = false;
    }
  }
}
