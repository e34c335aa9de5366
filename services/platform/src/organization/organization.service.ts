import type { Principal } from '@fleet/contracts-fleet';
import {
  PlatformErrorCodes,
  PlatformEvents,
  type CreateEnvironmentRequest,
  type CreateProjectRequest,
  type CreateSubscriptionRequest,
  type EnvironmentReply,
  type ProjectEvent,
  type ProjectReply,
  type SubscriptionReply,
} from '@fleet/contracts-platform';
import { FleetError } from '@fleet/shared-errors';
import { appendToOutbox, type OutboxRelay } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Grant } from '../access/grant.entity';
import type { RequestMeta } from '../audit/audit.service';
import { Environment, Project, Subscription } from './organization.entities';

const iso = (d: Date) => d.toISOString();
export const toSubscriptionReply = (s: Subscription): SubscriptionReply => ({ id: s.id, companyId: s.companyId, kind: s.kind, name: s.name, createdAt: iso(s.createdAt) });
export const toProjectReply = (p: Project): ProjectReply => ({
  id: p.id,
  companyId: p.companyId,
  subscriptionId: p.subscriptionId,
  name: p.name,
  description: p.description,
  createdBy: p.createdBy,
  createdAt: iso(p.createdAt),
});
export const toEnvironmentReply = (e: Environment): EnvironmentReply => ({
  id: e.id,
  companyId: e.companyId,
  projectId: e.projectId,
  kind: e.kind,
  name: e.name,
  realm: `env:${e.id}`,
  createdAt: iso(e.createdAt),
});

function uniqueViolation(err: unknown): boolean {
  return /unique|duplicate/i.test((err as Error)?.message ?? '');
}

/** Subscriptions, projects and environments, every query scoped by the caller's company. */
@Injectable()
export class OrganizationService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.outbox) private readonly outbox: OutboxRelay,
    private readonly access: AccessService,
  ) {}

  async createSubscription(p: Principal, req: CreateSubscriptionRequest): Promise<SubscriptionReply> {
    await this.access.authorize(p, 'company.manage', 'company', req.companyId);
    const s: Subscription = { id: randomUUID(), companyId: req.companyId, kind: req.kind, name: req.name.trim(), createdAt: new Date() };
    await this.ds.getRepository(Subscription).insert(s).catch((err: unknown) => {
      if (uniqueViolation(err)) throw new FleetError(PlatformErrorCodes.CONFLICT, `the company already has a ${req.kind} subscription`, { field: 'kind' });
      throw err;
    });
    return toSubscriptionReply(s);
  }

  async listSubscriptions(p: Principal, companyId: string): Promise<SubscriptionReply[]> {
    await this.access.authorize(p, 'company.read', 'company', companyId);
    const all = await this.ds.getRepository(Subscription).find({ where: { companyId }, order: { kind: 'ASC' } });
    const visible = [];
    for (const s of all) if ((await this.access.check(p, 'subscription.read', 'subscription', s.id)).visible) visible.push(s);
    return visible.map(toSubscriptionReply);
  }

  async getSubscription(p: Principal, id: string): Promise<SubscriptionReply> {
    await this.access.authorize(p, 'subscription.read', 'subscription', id);
    return toSubscriptionReply(await this.ds.getRepository(Subscription).findOneByOrFail({ id, companyId: p.companyId }));
  }

  /** The creator becomes the project's owner, in the same transaction. */
  async createProject(p: Principal, req: CreateProjectRequest, meta: RequestMeta = {}): Promise<ProjectReply> {
    const sub = await this.access.authorize(p, 'project.create', 'subscription', req.subscriptionId);
    const now = new Date();
    const project: Project = {
      id: randomUUID(),
      companyId: sub.companyId,
      subscriptionId: req.subscriptionId,
      name: req.name.trim(),
      nameKey: req.name.trim().toLowerCase(),
      description: req.description ?? null,
      createdBy: p.sub,
      createdAt: now,
    };
    try {
      await this.ds.transaction(async (m) => {
        await m.insert(Project, project);
        await m.insert(Grant, { id: randomUUID(), companyId: project.companyId, userId: p.sub, role: 'project_owner', resourceType: 'project', resourceId: project.id, grantedBy: p.sub, createdAt: now });
        const event: ProjectEvent = { companyId: project.companyId, projectId: project.id, name: project.name, at: iso(now) };
        await appendToOutbox(m, PlatformEvents.projectCreated, event, { correlationId: meta.correlationId });
      });
    } catch (err) {
      if (uniqueViolation(err)) throw new FleetError(PlatformErrorCodes.CONFLICT, `a project named "${project.name}" exists already in this company`, { field: 'name' });
      throw err;
    }
    this.access.forget(p.sub);
    this.outbox.nudge();
    return toProjectReply(project);
  }

  /** Only the projects the caller may read. */
  async listProjects(p: Principal): Promise<ProjectReply[]> {
    const all = await this.ds.getRepository(Project).find({ where: { companyId: p.companyId }, order: { nameKey: 'ASC' } });
    const out: Project[] = [];
    for (const project of all) if ((await this.access.check(p, 'project.read', 'project', project.id)).allowed) out.push(project);
    return out.map(toProjectReply);
  }

  async getProject(p: Principal, id: string): Promise<ProjectReply> {
    await this.access.authorize(p, 'project.read', 'project', id);
    return toProjectReply(await this.ds.getRepository(Project).findOneByOrFail({ id, companyId: p.companyId }));
  }

  /** Deletes a project and its environments (and the grants on them); the caller repeats the name to confirm. */
  async deleteProject(p: Principal, id: string, confirmName: string, meta: RequestMeta = {}): Promise<ProjectReply> {
    await this.access.authorize(p, 'project.manage', 'project', id);
    const project = await this.ds.getRepository(Project).findOneByOrFail({ id, companyId: p.companyId });
    if (confirmName.trim() !== project.name) {
      throw new FleetError(PlatformErrorCodes.VALIDATION, 'confirmName must repeat the project name exactly to confirm the deletion of the project and its environments', {
        fields: [{ path: 'confirmName', reason: 'does not match the project name' }],
      });
    }
    await this.ds.transaction(async (m) => {
      const envs = await m.find(Environment, { where: { projectId: id, companyId: p.companyId } });
      if (envs.length) await m.delete(Grant, { companyId: p.companyId, resourceType: 'environment', resourceId: In(envs.map((e) => e.id)) });
      await m.delete(Environment, { projectId: id, companyId: p.companyId });
      await m.delete(Grant, { companyId: p.companyId, resourceType: 'project', resourceId: id });
      await m.delete(Project, { id, companyId: p.companyId });
      const event: ProjectEvent = { companyId: p.companyId, projectId: id, name: project.name, at: iso(new Date()) };
      await appendToOutbox(m, PlatformEvents.projectDeleted, event, { correlationId: meta.correlationId });
    });
    this.outbox.nudge();
    return toProjectReply(project);
  }

  async createEnvironment(p: Principal, req: CreateEnvironmentRequest, meta: RequestMeta = {}): Promise<EnvironmentReply> {
    const facts = await this.access.authorize(p, 'project.manage', 'project', req.projectId);
    const env: Environment = { id: randomUUID(), companyId: facts.companyId, projectId: req.projectId, kind: req.kind, name: req.name?.trim() || req.kind, createdAt: new Date() };
    try {
      await this.ds.transaction(async (m) => {
        await m.insert(Environment, env);
        await appendToOutbox(m, PlatformEvents.environmentCreated, { companyId: env.companyId, projectId: env.projectId, environmentId: env.id, kind: env.kind }, { correlationId: meta.correlationId });
      });
    } catch (err) {
      if (uniqueViolation(err)) throw new FleetError(PlatformErrorCodes.CONFLICT, `the project already has a ${req.kind} environment`, { field: 'kind' });
      throw err;
    }
    this.outbox.nudge();
    return toEnvironmentReply(env);
  }

  async listEnvironments(p: Principal, projectId: string): Promise<EnvironmentReply[]> {
    await this.access.authorize(p, 'project.read', 'project', projectId);
    const envs = await this.ds.getRepository(Environment).find({ where: { projectId, companyId: p.companyId } });
    const order = ['development', 'test', 'staging', 'production'];
    return envs.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind)).map(toEnvironmentReply);
  }

  async getEnvironment(p: Principal, id: string): Promise<EnvironmentReply> {
    await this.access.authorize(p, 'environment.read', 'environment', id);
    return toEnvironmentReply(await this.ds.getRepository(Environment).findOneByOrFail({ id, companyId: p.companyId }));
  }
}
