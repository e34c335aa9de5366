import type { Principal } from '@fleet/contracts-fleet';
import {
  PlatformErrorCodes,
  PlatformEvents,
  type CompanyUserEvent,
  type CompanyUserListReply,
  type CompanyUserReply,
  type CreateCompanyUserRequest,
  type ImportCompanyUsersReply,
} from '@fleet/contracts-platform';
import { FleetError } from '@fleet/shared-errors';
import { appendToOutbox, type OutboxRelay } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService, type RequestMeta } from '../audit/audit.service';
import { AccountsClient } from '../identity/accounts.client';
import { CompanyUser } from './company-user.entity';
import { validateUserCsv } from './import-users';

export function toCompanyUserReply(u: CompanyUser): CompanyUserReply {
  return { id: u.id, companyId: u.companyId, email: u.email, displayName: u.displayName, status: u.status, createdAt: u.createdAt.toISOString() };
}

/** A company's user pool. The identity (credentials) lives in accounts; membership lives here. */
@Injectable()
export class CompanyUsersService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.outbox) private readonly outbox: OutboxRelay,
    private readonly access: AccessService,
    private readonly accounts: AccountsClient,
    private readonly audit: AuditService,
  ) {}

  async create(p: Principal, req: CreateCompanyUserRequest, meta: RequestMeta = {}): Promise<CompanyUserReply> {
    await this.access.authorize(p, 'company.users.manage', 'company', req.companyId);
    const user = await this.ensure(req, { ...meta, actorId: p.sub });
    return toCompanyUserReply(user);
  }

  /** Creates the identity (idempotent) and the membership row; used by create, import, invitations and bootstrap. */
  async ensure(req: CreateCompanyUserRequest, meta: RequestMeta = {}): Promise<CompanyUser> {
    const email = req.email.trim().toLowerCase();
    const existing = await this.ds.getRepository(CompanyUser).findOne({ where: { companyId: req.companyId, email } });
    if (existing) return existing;
    const { userId } = await this.accounts.createCompanyUser({ companyId: req.companyId, email, displayName: req.displayName, password: req.password }, meta.correlationId);
    const user: CompanyUser = { id: userId, companyId: req.companyId, email, displayName: req.displayName, status: 'active', createdAt: new Date() };
    try {
      await this.ds.transaction(async (m) => {
        await m.insert(CompanyUser, user);
        await this.emit(m, PlatformEvents.companyUserCreated, user, meta);
      });
    } catch (err) {
      const again = await this.ds.getRepository(CompanyUser).findOne({ where: { companyId: req.companyId, email } });
      if (again) return again; // a concurrent request created it
      throw err;
    }
    this.outbox.nudge();
    return user;
  }

  /**
   * A person an external provider's sign-in created in accounts (`accounts.user.created`, source
   * `oidc`) joins the company's user pool, with no role (an administrator grants roles). Runs in the
   * consumer's transaction; a second delivery finds the row and changes nothing.
   */
  async adoptProvisioned(m: EntityManager, e: { userId: string; companyId: string; email: string; displayName: string }, meta: RequestMeta = {}): Promise<void> {
    const email = e.email.trim().toLowerCase();
    if (await m.findOne(CompanyUser, { where: { companyId: e.companyId, email } })) return;
    const user: CompanyUser = { id: e.userId, companyId: e.companyId, email, displayName: e.displayName.slice(0, 120), status: 'active', createdAt: new Date() };
    await m.insert(CompanyUser, user);
    await this.emit(m, PlatformEvents.companyUserCreated, user, { ...meta, actorId: meta.actorId ?? 'oidc' });
  }

  /** Bulk import: valid rows are added (existing members count as such), invalid rows are listed with their reason. */
  async import(p: Principal, companyId: string, csv: string, meta: RequestMeta = {}): Promise<ImportCompanyUsersReply> {
    await this.access.authorize(p, 'company.users.manage', 'company', companyId);
    const { rows, errors } = validateUserCsv(csv);
    let created = 0;
    let existing = 0;
    for (const row of rows) {
      try {
        const before = await this.ds.getRepository(CompanyUser).count({ where: { companyId, email: row.email } });
        await this.ensure({ companyId, email: row.email, displayName: row.displayName }, { ...meta, actorId: p.sub });
        if (before) existing++;
        else created++;
      } catch (err) {
        if (err instanceof FleetError && err.code.endsWith('.UNAVAILABLE')) throw err;
        errors.push({ line: row.line, field: 'email', reason: err instanceof FleetError ? err.message : 'could not be imported' });
      }
    }
    errors.sort((a, b) => a.line - b.line);
    return { created, existing, errors };
  }

  async list(p: Principal, companyId: string, limit = 100, offset = 0): Promise<CompanyUserListReply> {
    await this.access.authorize(p, 'company.users.manage', 'company', companyId);
    const [items, total] = await this.ds.getRepository(CompanyUser).findAndCount({ where: { companyId }, order: { email: 'ASC' }, take: limit, skip: offset });
    return { items: items.map(toCompanyUserReply), total };
  }

  async get(p: Principal, companyId: string, userId: string): Promise<CompanyUserReply> {
    if (p.sub !== userId) await this.access.authorize(p, 'company.users.manage', 'company', companyId);
    const u = await this.ds.getRepository(CompanyUser).findOne({ where: { companyId, id: userId } });
    if (!u || p.companyId !== companyId) throw new FleetError(PlatformErrorCodes.NOT_FOUND, `user ${userId} does not exist`);
    return toCompanyUserReply(u);
  }

  async deactivate(p: Principal, companyId: string, userId: string, meta: RequestMeta = {}): Promise<CompanyUserReply> {
    await this.access.authorize(p, 'company.users.manage', 'company', companyId);
    const u = await this.ds.getRepository(CompanyUser).findOne({ where: { companyId, id: userId } });
    if (!u) throw new FleetError(PlatformErrorCodes.NOT_FOUND, `user ${userId} does not exist`);
    if (u.id === p.sub) throw new FleetError(PlatformErrorCodes.CONFLICT, 'you cannot deactivate yourself', { field: 'userId' });
    await this.accounts.deactivate(companyId, userId, meta.correlationId);
    if (u.status !== 'deactivated') {
      u.status = 'deactivated';
      await this.ds.transaction(async (m) => {
        await m.update(CompanyUser, { id: u.id, companyId }, { status: 'deactivated' });
        await this.emit(m, PlatformEvents.companyUserDeactivated, u, { ...meta, actorId: p.sub });
      });
      this.outbox.nudge();
    }
    this.access.forget(userId);
    return toCompanyUserReply(u);
  }

  /** The event and the audit entry of a change to the user pool, in the change's transaction. */
  private async emit(m: EntityManager, subject: string, u: CompanyUser, meta: RequestMeta = {}): Promise<void> {
    const event: CompanyUserEvent = { companyId: u.companyId, userId: u.id, email: u.email };
    await appendToOutbox(m, subject, event, { correlationId: meta.correlationId });
    const action = subject === PlatformEvents.companyUserCreated ? 'user.created' : 'user.deactivated';
    await this.audit.record(m, { companyId: u.companyId, category: 'users', action, actorId: meta.actorId ?? 'system', subjectId: u.id, clientIp: meta.clientIp, details: { email: u.email, realm: 'company' } });
  }
}
