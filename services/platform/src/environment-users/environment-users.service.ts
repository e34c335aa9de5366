import type { Principal } from '@fleet/contracts-fleet';
import {
  PlatformErrorCodes,
  type CreateEnvironmentUserRequest,
  type EnvironmentUserListReply,
  type EnvironmentUserReply,
  type ImportCompanyUsersReply,
  type ImportRowError,
  type ListEnvironmentUsersRequest,
  type UpdateEnvironmentUserRequest,
} from '@fleet/contracts-platform';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { GrantsService } from '../access/grants.service';
import { AuditService, type RequestMeta } from '../audit/audit.service';
import { AccountsClient } from '../identity/accounts.client';
import { Environment } from '../organization/organization.entities';
import { validateUserCsv } from '../users/import-users';
import { EnvironmentUser } from './environment-user.entity';

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,79}$/u;

export const toEnvironmentUserReply = (u: EnvironmentUser): EnvironmentUserReply => ({
  id: u.id,
  environmentId: u.environmentId,
  email: u.email,
  displayName: u.displayName,
  roles: u.roles,
  groups: u.groups,
  managerId: u.managerId,
  status: u.status,
  createdAt: u.createdAt.toISOString(),
});

/**
 * Work Portal users of one environment: identity in accounts (realm `env:<id>`), organization
 * data here, and the `end_user` grant that lets them use that Work Portal. Company administrators
 * and the project's owners manage them.
 */
@Injectable()
export class EnvironmentUsersService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly grants: GrantsService,
    private readonly accounts: AccountsClient,
    private readonly audit: AuditService,
  ) {}

  async create(p: Principal, req: CreateEnvironmentUserRequest, meta: RequestMeta = {}): Promise<EnvironmentUserReply> {
    const env = await this.access.authorize(p, 'environment.users.manage', 'environment', req.environmentId);
    const email = req.email.trim().toLowerCase();
    if (await this.ds.getRepository(EnvironmentUser).findOne({ where: { environmentId: req.environmentId, email } })) {
      throw new FleetError(PlatformErrorCodes.CONFLICT, `${email} is already a user of this environment`, { field: 'email' });
    }
    if (req.managerId) await this.requireUser(req.environmentId, req.managerId, 'managerId');
    const u = await this.insert(env.companyId, req.environmentId, { email, displayName: req.displayName, password: req.password, roles: req.roles ?? [], groups: req.groups ?? [], managerId: req.managerId ?? null }, p.sub, meta);
    return toEnvironmentUserReply(u);
  }

  private async insert(
    companyId: string,
    environmentId: string,
    o: { email: string; displayName: string; password?: string; roles: string[]; groups: string[]; managerId: string | null },
    grantedBy: string,
    meta: RequestMeta = {},
  ): Promise<EnvironmentUser> {
    const { userId } = await this.accounts.createEnvironmentUser(environmentId, { companyId, email: o.email, displayName: o.displayName, password: o.password }, meta.correlationId);
    const u: EnvironmentUser = { id: userId, companyId, environmentId, email: o.email, displayName: o.displayName, roles: o.roles, groups: o.groups, managerId: o.managerId, status: 'active', createdAt: new Date() };
    await this.ds.transaction(async (m) => {
      await m.insert(EnvironmentUser, u);
      await this.audit.record(m, { companyId, category: 'users', action: 'user.created', actorId: grantedBy, subjectId: userId, clientIp: meta.clientIp, details: { email: o.email, realm: `env:${environmentId}` } });
      await this.grants.insertGrant(m, { companyId, userId, role: 'end_user', resourceType: 'environment', resourceId: environmentId, grantedBy }, { ...meta, actorId: grantedBy });
    });
    return u;
  }

  /**
   * A person the environment realm's external provider let in (`accounts.user.created`, source
   * `oidc`) becomes a Work Portal user of that environment with the `end_user` grant: the
   * administrator who turned provisioning on chose to admit whoever the provider vouches for.
   * Nothing happens for an environment platform does not know in that company. Idempotent.
   */
  async adoptProvisioned(m: EntityManager, e: { userId: string; companyId: string; environmentId: string; email: string; displayName: string }, meta: RequestMeta = {}): Promise<boolean> {
    const env = await m.findOne(Environment, { where: { id: e.environmentId, companyId: e.companyId } });
    if (!env) return false;
    const email = e.email.trim().toLowerCase();
    if (await m.findOne(EnvironmentUser, { where: { environmentId: e.environmentId, email } })) return false;
    const u: EnvironmentUser = { id: e.userId, companyId: e.companyId, environmentId: e.environmentId, email, displayName: e.displayName.slice(0, 120), roles: [], groups: [], managerId: null, status: 'active', createdAt: new Date() };
    await m.insert(EnvironmentUser, u);
    await this.audit.record(m, { companyId: e.companyId, category: 'users', action: 'user.created', actorId: 'oidc', subjectId: e.userId, clientIp: meta.clientIp, details: { email, realm: `env:${e.environmentId}`, source: 'oidc' } });
    await this.grants.insertGrant(m, { companyId: e.companyId, userId: e.userId, role: 'end_user', resourceType: 'environment', resourceId: e.environmentId, grantedBy: 'oidc' }, { ...meta, actorId: 'oidc' });
    return true;
  }

  async update(p: Principal, req: UpdateEnvironmentUserRequest, meta: RequestMeta = {}): Promise<EnvironmentUserReply> {
    await this.access.authorize(p, 'environment.users.manage', 'environment', req.environmentId);
    const u = await this.requireUser(req.environmentId, req.userId, 'userId');
    if (req.managerId) {
      if (req.managerId === u.id) throw new FleetError(PlatformErrorCodes.VALIDATION, 'a user cannot be their own manager', { fields: [{ path: 'managerId', reason: 'is the user itself' }] });
      await this.requireUser(req.environmentId, req.managerId, 'managerId');
    }
    const next: Partial<EnvironmentUser> = {
      ...(req.displayName !== undefined ? { displayName: req.displayName } : {}),
      ...(req.roles !== undefined ? { roles: req.roles } : {}),
      ...(req.groups !== undefined ? { groups: req.groups } : {}),
      ...(req.managerId !== undefined ? { managerId: req.managerId } : {}),
      ...(req.status !== undefined ? { status: req.status } : {}),
    };
    if (req.status === 'deactivated' && u.status !== 'deactivated') await this.accounts.deactivate(u.companyId, u.id, meta.correlationId);
    await this.ds.transaction(async (m) => {
      await m.update(EnvironmentUser, { id: u.id, environmentId: req.environmentId }, next);
      if (req.status && req.status !== u.status) {
        await this.audit.record(m, { companyId: u.companyId, category: 'users', action: req.status === 'deactivated' ? 'user.deactivated' : 'user.reactivated', actorId: p.sub, subjectId: u.id, clientIp: meta.clientIp, details: { realm: `env:${u.environmentId}` } });
      }
    });
    return toEnvironmentUserReply({ ...u, ...next });
  }

  async get(p: Principal, environmentId: string, userId: string): Promise<EnvironmentUserReply> {
    await this.access.authorize(p, 'environment.users.manage', 'environment', environmentId);
    return toEnvironmentUserReply(await this.requireUser(environmentId, userId, 'userId'));
  }

  async list(p: Principal, req: ListEnvironmentUsersRequest): Promise<EnvironmentUserListReply> {
    await this.access.authorize(p, 'environment.users.manage', 'environment', req.environmentId);
    const all = await this.ds.getRepository(EnvironmentUser).find({ where: { environmentId: req.environmentId, companyId: p.companyId }, order: { email: 'ASC' } });
    const filtered = all.filter((u) => (!req.role || u.roles.includes(req.role)) && (!req.group || u.groups.includes(req.group)));
    const offset = req.offset ?? 0;
    return { items: filtered.slice(offset, offset + (req.limit ?? 100)).map(toEnvironmentUserReply), total: filtered.length };
  }

  /** CSV `email,displayName[,roles][,groups][,managerEmail]` (roles and groups separated by `;`); managers may be defined later in the same file. */
  async import(p: Principal, environmentId: string, csv: string, meta: RequestMeta = {}): Promise<ImportCompanyUsersReply> {
    const env = await this.access.authorize(p, 'environment.users.manage', 'environment', environmentId);
    const { rows, errors } = validateUserCsv(csv, ['roles', 'groups', 'managerEmail']);
    const list = (v: string | undefined) => (v ? v.split(';').map((x) => x.trim()).filter(Boolean) : []);
    const valid = rows.filter((r) => {
      const bad = [...list(r.extra.roles).map((v) => ['roles', v]), ...list(r.extra.groups).map((v) => ['groups', v])].find(([, v]) => !NAME.test(v));
      if (bad) errors.push({ line: r.line, field: bad[0], reason: `"${bad[1].slice(0, 40)}" is not a valid name` });
      return !bad;
    });
    let created = 0;
    let existing = 0;
    for (const r of valid) {
      const found = await this.ds.getRepository(EnvironmentUser).findOne({ where: { environmentId, email: r.email } });
      if (found) existing++;
      else {
        await this.insert(env.companyId, environmentId, { email: r.email, displayName: r.displayName, roles: list(r.extra.roles), groups: list(r.extra.groups), managerId: null }, p.sub, meta);
        created++;
      }
    }
    await this.linkManagers(environmentId, valid.filter((r) => r.extra.manageremail).map((r) => ({ line: r.line, email: r.email, manager: r.extra.manageremail.toLowerCase() })), errors);
    errors.sort((a, b) => a.line - b.line);
    return { created, existing, errors };
  }

  private async linkManagers(environmentId: string, links: { line: number; email: string; manager: string }[], errors: ImportRowError[]): Promise<void> {
    const repo = this.ds.getRepository(EnvironmentUser);
    for (const l of links) {
      const manager = await repo.findOne({ where: { environmentId, email: l.manager } });
      if (!manager || manager.email === l.email) errors.push({ line: l.line, field: 'managerEmail', reason: manager ? 'a user cannot be their own manager' : `${l.manager} is not a user of this environment` });
      else await repo.update({ environmentId, email: l.email }, { managerId: manager.id });
    }
  }

  private async requireUser(environmentId: string, userId: string, field: string): Promise<EnvironmentUser> {
    const u = await this.ds.getRepository(EnvironmentUser).findOne({ where: { environmentId, id: userId } });
    if (!u) throw new FleetError(PlatformErrorCodes.NOT_FOUND, `user ${userId} is not a user of this environment`, { field });
    return u;
  }
}
