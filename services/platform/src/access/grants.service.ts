import type { Principal } from '@fleet/contracts-fleet';
import {
  PlatformErrorCodes,
  PlatformEvents,
  ROLE_RESOURCE,
  type Action,
  type GrantChangedEvent,
  type GrantReply,
  type MyAccessReply,
  type Role,
} from '@fleet/contracts-platform';
import { FleetError } from '@fleet/shared-errors';
import { appendToOutbox, type OutboxRelay } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService, type RequestMeta } from '../audit/audit.service';
import { CompanyUser } from '../users/company-user.entity';
import { AccessService } from './access.service';
import { Grant } from './grant.entity';

/** Who may hand out (or take back) each role: the action needed on the role's resource. */
const MANAGE_ACTION: Record<Exclude<Role, 'platform_operator'>, Action> = {
  company_admin: 'company.users.manage',
  subscription_owner: 'company.manage',
  project_owner: 'project.manage',
  collaborator: 'project.manage',
  end_user: 'environment.users.manage',
};

export const toGrantReply = (g: Grant): GrantReply => ({
  id: g.id,
  companyId: g.companyId,
  userId: g.userId,
  role: g.role,
  resourceType: g.resourceType,
  resourceId: g.resourceId,
  grantedBy: g.grantedBy,
  createdAt: g.createdAt.toISOString(),
});

/** Role grants and revocations. A person must be an active company user before holding any role. */
@Injectable()
export class GrantsService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.outbox) private readonly outbox: OutboxRelay,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async grant(p: Principal, companyId: string, userId: string, role: Exclude<Role, 'platform_operator'>, resourceId: string, meta: RequestMeta = {}): Promise<GrantReply> {
    const facts = await this.access.authorize(p, MANAGE_ACTION[role], ROLE_RESOURCE[role], resourceId);
    if (facts.companyId !== companyId) throw new FleetError(PlatformErrorCodes.NOT_FOUND, `${ROLE_RESOURCE[role]} ${resourceId} does not exist`);
    const user = await this.ds.getRepository(CompanyUser).findOne({ where: { id: userId, companyId } });
    if (!user) throw new FleetError(PlatformErrorCodes.NOT_FOUND, `user ${userId} is not a user of this company: add them to the company first`);
    if (user.status !== 'active') throw new FleetError(PlatformErrorCodes.CONFLICT, 'the user is deactivated', { field: 'userId' });
    const g = await this.ds.transaction((m) => this.insertGrant(m, { companyId, userId, role, resourceType: ROLE_RESOURCE[role], resourceId, grantedBy: p.sub }, { ...meta, actorId: p.sub }));
    this.access.forget(userId);
    this.outbox.nudge();
    return toGrantReply(g);
  }

  /** Inserts a grant (idempotent) and its event inside the caller's transaction. */
  async insertGrant(m: EntityManager, g: Omit<Grant, 'id' | 'createdAt'>, meta: RequestMeta = {}): Promise<Grant> {
    const existing = await m.findOne(Grant, { where: { userId: g.userId, role: g.role, resourceType: g.resourceType, resourceId: g.resourceId } });
    if (existing) return existing;
    const row: Grant = { ...g, id: randomUUID(), createdAt: new Date() };
    await m.insert(Grant, row);
    const event: GrantChangedEvent = { companyId: g.companyId, userId: g.userId, change: 'granted', role: g.role };
    await appendToOutbox(m, PlatformEvents.grantChanged, event, { correlationId: meta.correlationId });
    await this.audit.record(m, { companyId: g.companyId, category: 'authorization', action: 'grant.granted', actorId: meta.actorId ?? g.grantedBy, subjectId: g.userId, clientIp: meta.clientIp, details: { role: g.role, resourceType: g.resourceType, resourceId: g.resourceId } });
    return row;
  }

  async revoke(p: Principal, companyId: string, grantId: string, meta: RequestMeta = {}): Promise<GrantReply> {
    const g = await this.ds.getRepository(Grant).findOne({ where: { id: grantId, companyId } });
    if (!g || g.role === 'platform_operator' || p.companyId !== companyId) throw new FleetError(PlatformErrorCodes.NOT_FOUND, `grant ${grantId} does not exist`);
    await this.access.authorize(p, MANAGE_ACTION[g.role as Exclude<Role, 'platform_operator'>], g.resourceType, g.resourceId);
    if (g.userId === p.sub && g.role === 'company_admin') throw new FleetError(PlatformErrorCodes.CONFLICT, 'you cannot revoke your own company administration', { field: 'grantId' });
    await this.ds.transaction(async (m) => {
      await m.delete(Grant, { id: g.id, companyId });
      const event: GrantChangedEvent = { companyId, userId: g.userId, change: 'revoked', role: g.role };
      await appendToOutbox(m, PlatformEvents.grantChanged, event, { correlationId: meta.correlationId });
      await this.audit.record(m, { companyId, category: 'authorization', action: 'grant.revoked', actorId: p.sub, subjectId: g.userId, clientIp: meta.clientIp, details: { role: g.role, resourceType: g.resourceType, resourceId: g.resourceId } });
    });
    this.access.forget(g.userId);
    this.outbox.nudge();
    return toGrantReply(g);
  }

  async list(p: Principal, companyId: string, userId?: string): Promise<GrantReply[]> {
    if (userId !== p.sub) await this.access.authorize(p, 'company.users.manage', 'company', companyId);
    else if (p.companyId !== companyId) throw new FleetError(PlatformErrorCodes.NOT_FOUND, `company ${companyId} does not exist`);
    const rows = await this.ds.getRepository(Grant).find({ where: { companyId, ...(userId ? { userId } : {}) }, order: { createdAt: 'ASC' } });
    return rows.map(toGrantReply);
  }

  async mine(p: Principal): Promise<MyAccessReply> {
    const grants = await this.access.grantsOf(p);
    return { userId: p.sub, companyId: p.companyId, grants };
  }
}
