import {
  DeploymentErrorCodes,
  DeploymentEvents,
  type AnnounceMaintenanceRequest,
  type MaintenanceChangedEvent,
  type MaintenanceListReply,
  type MaintenanceReply,
  type MaintenanceState,
} from '@fleet/contracts-deployment';
import { FleetError } from '@fleet/shared-errors';
import { appendToOutbox, type OutboxRelay } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { Not, type DataSource, type EntityManager } from 'typeorm';
import { DeploymentAudit } from '../audit/audit.service';
import { MaintenanceWindow } from './maintenance-window.entity';

export interface EnvironmentRef {
  environmentId: string;
  companyId: string;
}

export const DEFAULT_MANUAL_MESSAGE = 'This environment is under maintenance. Please try again later.';

function toReply(w: MaintenanceWindow): MaintenanceReply {
  const announcement = w.announcementStart && w.announcementEnd && w.announcementMessage ? { start: w.announcementStart.toISOString(), end: w.announcementEnd.toISOString(), message: w.announcementMessage } : null;
  return { environmentId: w.environmentId, state: w.state, reason: w.reason, deploymentId: w.deploymentId, message: w.message, since: w.since.toISOString(), announcement };
}

function blank(env: EnvironmentRef): MaintenanceWindow {
  return { environmentId: env.environmentId, companyId: env.companyId, state: 'active', reason: null, deploymentId: null, message: '', since: new Date(0), announcementStart: null, announcementEnd: null, announcementMessage: null, updatedBy: 'system' };
}

/**
 * Each environment's maintenance window: `active → maintenance → restarting → active`, opened by a
 * deployment that needs it or by an administrator. Every change is one transaction with its
 * `deployment.maintenance.changed` event (the gateway's gate follows it).
 */
@Injectable()
export class MaintenanceService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.outbox) private readonly outbox: OutboxRelay,
    private readonly audit: DeploymentAudit,
  ) {}

  async windowOf(m: EntityManager, env: EnvironmentRef): Promise<MaintenanceWindow> {
    return (await m.getRepository(MaintenanceWindow).findOne({ where: { environmentId: env.environmentId } })) ?? blank(env);
  }

  /** Moves the window to `state` inside the caller's transaction and appends the event. */
  async transition(m: EntityManager, env: EnvironmentRef, state: MaintenanceState, o: { reason: 'manual' | 'deployment' | null; deploymentId?: string | null; message?: string; actor: string; correlationId?: string }): Promise<MaintenanceWindow> {
    const w = await this.windowOf(m, env);
    const next: MaintenanceWindow = { ...w, state, reason: state === 'active' ? null : o.reason, deploymentId: state === 'active' ? null : (o.deploymentId ?? null), message: state === 'active' ? '' : (o.message ?? w.message), since: new Date(), updatedBy: o.actor };
    await m.getRepository(MaintenanceWindow).save(next as never);
    const event: MaintenanceChangedEvent = { environmentId: env.environmentId, companyId: env.companyId, state, reason: next.reason, message: next.message, at: next.since.toISOString() };
    await appendToOutbox(m, DeploymentEvents.maintenanceChanged, event, { correlationId: o.correlationId });
    return next;
  }

  async get(env: EnvironmentRef): Promise<MaintenanceReply> {
    return toReply(await this.windowOf(this.ds.manager, env));
  }

  async open(env: EnvironmentRef, message: string | undefined, actor: string, correlationId?: string): Promise<MaintenanceReply> {
    const w = await this.ds.transaction(async (m) => {
      const now = await this.windowOf(m, env);
      if (now.state !== 'active') throw new FleetError(DeploymentErrorCodes.CONFLICT, `the environment is already in ${now.state} (${now.reason})`, { state: now.state });
      await this.audit.record(m, { companyId: env.companyId, action: 'maintenance.opened', actorId: actor, subjectId: env.environmentId, details: { message } });
      return this.transition(m, env, 'maintenance', { reason: 'manual', message: message ?? DEFAULT_MANUAL_MESSAGE, actor, correlationId });
    });
    this.outbox.nudge();
    return toReply(w);
  }

  /** Closes a manual window (restarting, then active); a deployment's window cannot be closed by hand. */
  async close(env: EnvironmentRef, actor: string, correlationId?: string): Promise<MaintenanceReply> {
    const w = await this.ds.transaction(async (m) => {
      const now = await this.windowOf(m, env);
      if (now.state === 'active') return now;
      if (now.reason === 'deployment') throw new FleetError(DeploymentErrorCodes.CONFLICT, `the window belongs to deployment ${now.deploymentId} and closes when it ends`, { deploymentId: now.deploymentId });
      await this.audit.record(m, { companyId: env.companyId, action: 'maintenance.closed', actorId: actor, subjectId: env.environmentId });
      await this.transition(m, env, 'restarting', { reason: 'manual', actor, correlationId });
      return this.transition(m, env, 'active', { reason: null, actor, correlationId });
    });
    this.outbox.nudge();
    return toReply(w);
  }

  async announce(env: EnvironmentRef, req: AnnounceMaintenanceRequest, actor: string): Promise<MaintenanceReply> {
    const start = new Date(req.start);
    const end = new Date(req.end);
    if (end <= start) throw new FleetError(DeploymentErrorCodes.VALIDATION, 'end must be after start', { fields: [{ path: 'end', reason: 'must be after start' }] });
    const w = await this.ds.transaction(async (m) => {
      const now = await this.windowOf(m, env);
      const next = { ...now, announcementStart: start, announcementEnd: end, announcementMessage: req.message, updatedBy: actor };
      await m.getRepository(MaintenanceWindow).save(next as never);
      return next;
    });
    return toReply(w);
  }

  async list(): Promise<MaintenanceListReply> {
    const rows = await this.ds.getRepository(MaintenanceWindow).find({ where: { state: Not('active') } });
    return { items: rows.map(toReply) };
  }
}
