import type { Principal } from '@fleet/contracts-fleet';
import { PlatformErrorCodes, type Action, type ResourceType } from '@fleet/contracts-platform';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { Company } from '../companies/company.entity';
import { EnvironmentUser } from '../environment-users/environment-user.entity';
import { Environment, Project, Subscription } from '../organization/organization.entities';
import { CompanyUser } from '../users/company-user.entity';
import { Grant } from './grant.entity';
import { decide, type Decision, type HeldGrant, type ResourceFacts } from './permission';

/** How long a replica may serve a user's grants from memory: a revocation elsewhere is seen within this. */
export const GRANT_CACHE_MS = 2000;

/**
 * Authorization from platform's own data: the caller's grants (cached briefly, dropped at once on
 * local changes) and the resource's place in the hierarchy (always read fresh, scoped by company).
 */
@Injectable()
export class AccessService {
  private readonly cache = new Map<string, { at: number; grants: HeldGrant[] }>();

  constructor(@Inject(KIT.dataSource) private readonly ds: DataSource) {}

  /** Drops the cached grants of a user (after a grant or revocation, or deactivation). */
  forget(userId: string): void {
    this.cache.delete(userId);
  }

  async grantsOf(principal: Principal): Promise<HeldGrant[]> {
    if (principal.kind !== 'user') return [];
    const hit = this.cache.get(principal.sub);
    // cache key: user ids are unique across realms (accounts generates them)
    if (hit && Date.now() - hit.at < GRANT_CACHE_MS) return hit.grants;
    const active = principal.environmentId
      ? await this.ds.getRepository(EnvironmentUser).findOne({ where: { id: principal.sub, companyId: principal.companyId, environmentId: principal.environmentId } })
      : await this.ds.getRepository(CompanyUser).findOne({ where: { id: principal.sub, companyId: principal.companyId } });
    const operator = await this.ds.getRepository(Grant).find({ where: { userId: principal.sub, role: 'platform_operator' } });
    const rows = active?.status === 'active' ? await this.ds.getRepository(Grant).find({ where: { userId: principal.sub, companyId: principal.companyId } }) : operator;
    const grants = rows.map((g) => ({ role: g.role, resourceType: g.resourceType, resourceId: g.resourceId }));
    this.cache.set(principal.sub, { at: Date.now(), grants });
    return grants;
  }

  /** Where a resource sits (company, subscription, project, environment), or undefined if it does not exist. */
  async facts(type: ResourceType, id: string): Promise<ResourceFacts | undefined> {
    switch (type) {
      case 'installation':
        return { type, id, companyId: '' };
      case 'company': {
        const c = await this.ds.getRepository(Company).findOne({ where: { id } });
        return c ? { type, id, companyId: c.id } : undefined;
      }
      case 'subscription': {
        const s = await this.ds.getRepository(Subscription).findOne({ where: { id } });
        return s ? { type, id, companyId: s.companyId, subscriptionId: s.id } : undefined;
      }
      case 'project': {
        const p = await this.ds.getRepository(Project).findOne({ where: { id } });
        return p ? { type, id, companyId: p.companyId, subscriptionId: p.subscriptionId, projectId: p.id } : undefined;
      }
      case 'environment': {
        const e = await this.ds.getRepository(Environment).findOne({ where: { id } });
        if (!e) return undefined;
        const p = await this.ds.getRepository(Project).findOne({ where: { id: e.projectId, companyId: e.companyId } });
        return { type, id, companyId: e.companyId, subscriptionId: p?.subscriptionId, projectId: e.projectId, environmentId: e.id };
      }
    }
  }

  async check(principal: Principal, action: Action, type: ResourceType, id: string): Promise<Decision> {
    const facts = await this.facts(type, id);
    if (!facts) return { visible: false, allowed: false, reason: 'no such resource' };
    return decide(principal, await this.grantsOf(principal), action, facts);
  }

  /**
   * Throws NOT_FOUND when the caller may not see the resource (whether or not it exists) and
   * FORBIDDEN when it may see it but not do `action`; returns the resource's facts otherwise.
   */
  async authorize(principal: Principal, action: Action, type: ResourceType, id: string): Promise<ResourceFacts> {
    const facts = await this.facts(type, id);
    const d = facts ? decide(principal, await this.grantsOf(principal), action, facts) : undefined;
    if (!facts || !d?.visible) throw new FleetError(PlatformErrorCodes.NOT_FOUND, `${type} ${id} does not exist`);
    if (!d.allowed) throw new FleetError(PlatformErrorCodes.FORBIDDEN, `not allowed: ${d.reason}`, { action });
    return facts;
  }
}
