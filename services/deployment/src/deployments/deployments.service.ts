import {
  DeploymentErrorCodes,
  DeploymentEvents,
  type ApplyAbortedEvent,
  type ApplyAcknowledgeRequest,
  type ApplyCommittedEvent,
  type ApplyPackageRequest,
  type ApplyRequestedEvent,
  type DeploymentListReply,
  type DeploymentReply,
  type DeploymentStatus,
  type InspectionReply,
} from '@fleet/contracts-deployment';
import { EnvironmentKinds, type EnvironmentReply } from '@fleet/contracts-platform';
import { FleetError } from '@fleet/shared-errors';
import { appendToOutbox, type OutboxRelay } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { DeploymentAudit } from '../audit/audit.service';
import { acknowledgersOf, type DeploymentEnv } from '../config';
import { MaintenanceService } from '../maintenance/maintenance.service';
import { seedConfiguration } from '../packages/domain/inspection';
import { fileOf, PackagesService } from '../packages/packages.service';
import { ApplyAck, DeploymentRecord, EnvironmentConfig, EnvironmentState } from './deployment.entities';

/** What the caller of an apply is allowed beyond `project.deploy`. */
export interface ApplyCaller {
  actorId: string;
  /** May override the promotion order (company administrator). */
  mayOverride: boolean;
  correlationId?: string;
}

function toReply(d: DeploymentRecord, acks: ApplyAck[]): DeploymentReply {
  return {
    id: d.id,
    environmentId: d.environmentId,
    environmentKind: d.environmentKind,
    projectId: d.projectId,
    companyId: d.companyId,
    packageId: d.packageId,
    previousPackageId: d.previousPackageId,
    status: d.status,
    reason: d.reason,
    firstDeployment: d.firstDeployment,
    maintenance: d.maintenance,
    startedBy: d.startedBy,
    startedAt: d.startedAt.toISOString(),
    committedAt: d.committedAt?.toISOString() ?? null,
    finishedAt: d.finishedAt?.toISOString() ?? null,
    durationMs: d.finishedAt ? d.finishedAt.getTime() - d.startedAt.getTime() : null,
    overrideBy: d.overrideBy,
    overrideReason: d.overrideReason,
    acknowledgers: d.acknowledgers,
    acknowledgements: acks.map((a) => ({ service: a.service, outcome: a.outcome, ...(a.reason ? { reason: a.reason } : {}), at: a.at.toISOString() })),
  };
}

/**
 * Applies packages to environments with a two-phase protocol over JetStream (ARCHITECTURE.md,
 * "Deployment"): request → every acknowledger stages → commit (one transaction) → activate; a
 * failure or timeout aborts. Every step is one transaction; a sweep (at boot and every
 * `DEPLOYMENT_SWEEP_INTERVAL_MS`) resumes in-flight applies, so a crash never leaves a mix.
 */
@Injectable()
export class DeploymentsService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private sweeping = false;
  private readonly acknowledgers: string[];

  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.outbox) private readonly outbox: OutboxRelay,
    @Inject(KIT.logger) private readonly logger: Logger,
    @Inject(KIT.config) private readonly config: { env: DeploymentEnv },
    private readonly packages: PackagesService,
    private readonly maintenance: MaintenanceService,
    private readonly audit: DeploymentAudit,
  ) {
    this.acknowledgers = acknowledgersOf(config.env);
  }

  onApplicationBootstrap(): void {
    const every = this.config.env.DEPLOYMENT_SWEEP_INTERVAL_MS;
    this.timer = setInterval(() => void this.sweep(), every);
    this.timer.unref?.();
    void this.sweep(); // recovery: resume or abort what a previous process left in flight
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Advances every in-flight apply once (commit, abort on deadline, finish). */
  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const open = await this.ds.getRepository(DeploymentRecord).find({ where: { status: In(['pending', 'committed']) }, select: { id: true } });
      for (const d of open) await this.advance(d.id);
    } catch (err) {
      this.logger.warn({ err }, 'apply sweep failed; retrying at the next tick');
    } finally {
      this.sweeping = false;
    }
  }

  async apply(env: EnvironmentReply, req: ApplyPackageRequest, caller: ApplyCaller): Promise<DeploymentReply> {
    const override = await this.promotionOverride(env, req, caller);
    const pkg = await this.packages.record(env.projectId, req.packageId);
    const id = randomUUID();
    const d = await this.ds.transaction(async (m) => {
      const state = await this.lockEnvironment(m, env, id);
      if (state.currentPackageId === req.packageId) throw new FleetError(DeploymentErrorCodes.CONFLICT, `the environment already runs package ${req.packageId}`, { reasons: ['already deployed'] });
      const inspection = await this.packages.inspect(env.projectId, req.packageId, env.id, m);
      if (!inspection.safe) throw new FleetError(DeploymentErrorCodes.CONFLICT, 'the package is unsafe for this environment', { reasons: inspection.reasons });
      const seeded = await m.getRepository(EnvironmentConfig).count({ where: { environmentId: env.id } });
      const record = this.newRecord(id, env, req, caller, inspection, seeded === 0, override);
      await m.getRepository(DeploymentRecord).insert(record as never);
      await this.openWindow(m, record, caller);
      const content = fileOf(pkg).content;
      const event: ApplyRequestedEvent = { applyId: id, environmentId: env.id, companyId: env.companyId, projectId: env.projectId, packageId: req.packageId, firstDeployment: record.firstDeployment, ...(record.firstDeployment ? { configuration: seedConfiguration(content) } : {}), acknowledgers: record.acknowledgers, package: content };
      await appendToOutbox(m, DeploymentEvents.applyRequested, event, { correlationId: caller.correlationId });
      if (override) await this.audit.record(m, { companyId: env.companyId, action: 'promotion.overridden', actorId: caller.actorId, subjectId: id, details: { environmentId: env.id, kind: env.kind, packageId: req.packageId, reason: req.reason } });
      return record;
    });
    this.outbox.nudge();
    if (d.acknowledgers.length === 0) await this.advance(d.id);
    return this.get(env.id, d.id);
  }

  /** Throws unless the package ran in the previous stage; returns true when a company administrator overrides. */
  private async promotionOverride(env: EnvironmentReply, req: ApplyPackageRequest, caller: ApplyCaller): Promise<boolean> {
    if (req.overridePromotion && !caller.mayOverride) throw new FleetError(DeploymentErrorCodes.FORBIDDEN, 'only a company administrator may override the promotion order');
    if (req.overridePromotion && !req.reason) throw new FleetError(DeploymentErrorCodes.VALIDATION, 'an override needs a reason', { fields: [{ path: 'reason', reason: 'required with overridePromotion' }] });
    const index = EnvironmentKinds.indexOf(env.kind);
    if (index <= 0) return false;
    const previous = EnvironmentKinds[index - 1];
    const ran = await this.ds.getRepository(DeploymentRecord).count({ where: { projectId: env.projectId, environmentKind: previous, packageId: req.packageId, status: In(['committed', 'done']) } });
    if (ran > 0) return false;
    if (req.overridePromotion) return true;
    throw new FleetError(DeploymentErrorCodes.CONFLICT, `package ${req.packageId} must be applied to ${previous} before ${env.kind}`, { reasons: [`not yet applied to ${previous}`] });
  }

  /** The environment's state row with this apply as its only one in flight (409 when another runs). */
  private async lockEnvironment(m: EntityManager, env: EnvironmentReply, id: string): Promise<EnvironmentState> {
    const repo = m.getRepository(EnvironmentState);
    if (!(await repo.findOne({ where: { environmentId: env.id } }))) {
      const row: EnvironmentState = { environmentId: env.id, companyId: env.companyId, projectId: env.projectId, kind: env.kind, currentPackageId: null, currentDeploymentId: null, applyingDeploymentId: null, updatedAt: new Date() };
      await repo.insert(row as never);
    }
    const locked = await repo.update({ environmentId: env.id, applyingDeploymentId: IsNull() }, { applyingDeploymentId: id, updatedAt: new Date() });
    const state = await repo.findOneOrFail({ where: { environmentId: env.id } });
    if (!locked.affected) throw new FleetError(DeploymentErrorCodes.CONFLICT, `deployment ${state.applyingDeploymentId} is still running in this environment`, { reasons: ['another deployment is running'] });
    return state;
  }

  private newRecord(id: string, env: EnvironmentReply, req: ApplyPackageRequest, caller: ApplyCaller, inspection: InspectionReply, first: boolean, override: boolean): DeploymentRecord {
    const now = new Date();
    return {
      id,
      environmentId: env.id,
      environmentKind: env.kind,
      projectId: env.projectId,
      companyId: env.companyId,
      packageId: req.packageId,
      previousPackageId: inspection.currentPackageId,
      status: 'pending',
      reason: null,
      firstDeployment: first,
      maintenance: inspection.maintenance,
      acknowledgers: this.acknowledgers,
      startedBy: caller.actorId,
      startedAt: now,
      deadline: new Date(now.getTime() + this.config.env.DEPLOYMENT_APPLY_TIMEOUT_MS),
      committedAt: null,
      finishedAt: null,
      overrideBy: override ? caller.actorId : null,
      overrideReason: override ? (req.reason ?? null) : null,
    };
  }

  private async openWindow(m: EntityManager, d: DeploymentRecord, caller: ApplyCaller): Promise<void> {
    if (!d.maintenance) return;
    const ref = { environmentId: d.environmentId, companyId: d.companyId };
    const w = await this.maintenance.windowOf(m, ref);
    if (w.state !== 'active') return; // an administrator's window is already open: it stays theirs
    await this.maintenance.transition(m, ref, 'maintenance', { reason: 'deployment', deploymentId: d.id, message: this.config.env.DEPLOYMENT_MAINTENANCE_MESSAGE, actor: caller.actorId, correlationId: caller.correlationId });
  }

  /** A runtime service's outcome; the caller (already verified as `svc:<service>`) may only speak for itself. */
  async acknowledge(req: ApplyAcknowledgeRequest): Promise<DeploymentStatus> {
    const known = await this.ds.transaction(async (m) => {
      const d = await m.getRepository(DeploymentRecord).findOne({ where: { id: req.applyId } });
      if (!d) throw new FleetError(DeploymentErrorCodes.NOT_FOUND, `apply ${req.applyId} not found`);
      if (!d.acknowledgers.includes(req.service)) return false;
      const seen = await m.getRepository(ApplyAck).count({ where: { deploymentId: d.id, service: req.service, outcome: req.outcome } });
      if (!seen) await m.getRepository(ApplyAck).insert({ id: randomUUID(), deploymentId: d.id, service: req.service, outcome: req.outcome, reason: req.reason ?? null, at: new Date() } as never);
      return true;
    });
    if (known) await this.advance(req.applyId);
    return (await this.ds.getRepository(DeploymentRecord).findOneOrFail({ where: { id: req.applyId } })).status;
  }

  /** One step of an apply, in one transaction; a no-op when another replica or tick already took it. */
  async advance(id: string): Promise<void> {
    let published = false;
    await this.ds.transaction(async (m) => {
      const d = await m.getRepository(DeploymentRecord).findOne({ where: { id } });
      if (!d || (d.status !== 'pending' && d.status !== 'committed')) return;
      const acks = await m.getRepository(ApplyAck).find({ where: { deploymentId: id } });
      const missing = (outcome: string) => d.acknowledgers.filter((s) => !acks.some((a) => a.service === s && a.outcome === outcome));
      const late = Date.now() > d.deadline.getTime();
      if (d.status === 'pending') {
        const failed = acks.find((a) => a.outcome === 'failed');
        if (failed) published = await this.abort(m, d, `${failed.service} could not stage the package: ${failed.reason ?? 'no reason given'}`);
        else if (missing('staged').length === 0) published = await this.commit(m, d);
        else if (late) published = await this.abort(m, d, `timed out waiting for ${missing('staged').join(', ')} to stage the package`);
        return;
      }
      const notActive = missing('activated');
      if (notActive.length === 0 || late) published = await this.finish(m, d, notActive.length ? `activation not confirmed by ${notActive.join(', ')} in time` : null);
    });
    if (published) this.outbox.nudge();
  }

  private async commit(m: EntityManager, d: DeploymentRecord): Promise<boolean> {
    const now = new Date();
    const won = await m.getRepository(DeploymentRecord).update({ id: d.id, status: 'pending' }, { status: 'committed', committedAt: now, deadline: new Date(now.getTime() + this.config.env.DEPLOYMENT_RESTART_TIMEOUT_MS) });
    if (!won.affected) return false;
    await m.getRepository(EnvironmentState).update({ environmentId: d.environmentId }, { currentPackageId: d.packageId, currentDeploymentId: d.id, updatedAt: now });
    if (d.firstDeployment && !(await m.getRepository(EnvironmentConfig).count({ where: { environmentId: d.environmentId } }))) {
      const pkg = await this.packages.record(d.projectId, d.packageId, m);
      await m.getRepository(EnvironmentConfig).insert({ environmentId: d.environmentId, companyId: d.companyId, configuration: seedConfiguration(fileOf(pkg).content), seededBy: d.id, createdAt: now } as never);
    }
    await this.moveWindow(m, d, 'restarting');
    const event: ApplyCommittedEvent = { applyId: d.id, environmentId: d.environmentId, packageId: d.packageId };
    await appendToOutbox(m, DeploymentEvents.applyCommitted, event);
    this.logger.info({ deploymentId: d.id, environmentId: d.environmentId, packageId: d.packageId }, 'apply committed');
    if (d.acknowledgers.length === 0) await this.finish(m, { ...d, status: 'committed' }, null);
    return true;
  }

  private async finish(m: EntityManager, d: DeploymentRecord, note: string | null): Promise<boolean> {
    const won = await m.getRepository(DeploymentRecord).update({ id: d.id, status: 'committed' }, { status: 'done', finishedAt: new Date(), reason: note });
    if (!won.affected) return false;
    await m.getRepository(EnvironmentState).update({ environmentId: d.environmentId, applyingDeploymentId: d.id }, { applyingDeploymentId: null, updatedAt: new Date() });
    await this.moveWindow(m, d, 'active');
    return true;
  }

  private async abort(m: EntityManager, d: DeploymentRecord, reason: string): Promise<boolean> {
    const won = await m.getRepository(DeploymentRecord).update({ id: d.id, status: 'pending' }, { status: 'aborted', finishedAt: new Date(), reason });
    if (!won.affected) return false;
    await m.getRepository(EnvironmentState).update({ environmentId: d.environmentId, applyingDeploymentId: d.id }, { applyingDeploymentId: null, updatedAt: new Date() });
    await this.moveWindow(m, d, 'active');
    const event: ApplyAbortedEvent = { applyId: d.id, environmentId: d.environmentId, packageId: d.packageId, reason };
    await appendToOutbox(m, DeploymentEvents.applyAborted, event);
    this.logger.warn({ deploymentId: d.id, environmentId: d.environmentId, reason }, 'apply aborted');
    return true;
  }

  /** Moves the window only when it is this deployment's. */
  private async moveWindow(m: EntityManager, d: DeploymentRecord, state: 'restarting' | 'active'): Promise<void> {
    const ref = { environmentId: d.environmentId, companyId: d.companyId };
    const w = await this.maintenance.windowOf(m, ref);
    if (w.reason !== 'deployment' || w.deploymentId !== d.id) return;
    await this.maintenance.transition(m, ref, state, { reason: 'deployment', deploymentId: d.id, actor: 'system' });
  }

  async list(environmentId: string, limit = 100, offset = 0): Promise<DeploymentListReply> {
    const [rows, total] = await this.ds.getRepository(DeploymentRecord).findAndCount({ where: { environmentId }, order: { startedAt: 'DESC', id: 'ASC' }, take: limit, skip: offset });
    const acks = rows.length ? await this.ds.getRepository(ApplyAck).find({ where: { deploymentId: In(rows.map((r) => r.id)) }, order: { at: 'ASC' } }) : [];
    return { items: rows.map((r) => toReply(r, acks.filter((a) => a.deploymentId === r.id))), total };
  }

  async get(environmentId: string, deploymentId: string): Promise<DeploymentReply> {
    const d = await this.ds.getRepository(DeploymentRecord).findOne({ where: { id: deploymentId, environmentId } });
    if (!d) throw new FleetError(DeploymentErrorCodes.NOT_FOUND, `deployment ${deploymentId} not found`);
    const acks = await this.ds.getRepository(ApplyAck).find({ where: { deploymentId }, order: { at: 'ASC' } });
    return toReply(d, acks);
  }
}
