import {
  AccountsErrorCodes,
  AccountsEvents,
  type CreateUserReply,
  type CreateUserRequest,
  type UserCreatedEvent,
  type UserDeactivatedEvent,
  type UserReply,
  type UserSource,
} from '@fleet/contracts-accounts';
import { FleetError } from '@fleet/shared-errors';
import { appendToOutbox, type OutboxRelay } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PasswordHasher } from '../passwords/password-hasher';
import { passwordFieldErrors, passwordViolations } from '../passwords/password-policy';
import { PolicyService } from '../policy/policy.service';
import { openSessionsOf, revokeSessions } from '../sessions/session-revoker';
import { normalizeEmail, toUserReply } from './user-identity';
import { User } from './user.entity';

const conflict = (): FleetError =>
  new FleetError(AccountsErrorCodes.CONFLICT, 'this e-mail belongs to a user of another company in this realm', { field: 'email' });

/** Users of every realm. Reads and changes are scoped by company id. */
@Injectable()
export class UsersService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.outbox) private readonly outbox: OutboxRelay,
    private readonly policies: PolicyService,
    private readonly hasher: PasswordHasher,
  ) {}

  /**
   * Idempotent per realm + e-mail; the realm's password policy is checked before anything is written.
   * `source` says who asked (`oidc`: an external provider's sign-in provisioned the person, and
   * platform adds them to the realm's user pool from the event).
   */
  async create(req: CreateUserRequest, correlationId?: string, source: UserSource = 'api'): Promise<CreateUserReply> {
    const email = normalizeEmail(req.email);
    const existing = await this.ds.getRepository(User).findOne({ where: { realm: req.realm, email } });
    if (existing) return this.sameUser(existing, req.companyId);
    const policy = await this.policies.policyOf(req.companyId, req.realm);
    if (req.password !== undefined) {
      const violations = passwordViolations(req.password, email, policy);
      if (violations.length) throw new FleetError(AccountsErrorCodes.VALIDATION, `invalid request: password ${violations[0].reason}`, { fields: passwordFieldErrors(violations), rules: violations.map((v) => v.rule) });
    }
    const now = new Date();
    const user: User = {
      id: randomUUID(),
      companyId: req.companyId,
      realm: req.realm,
      email,
      displayName: req.displayName.trim(),
      passwordHash: req.password !== undefined ? await this.hasher.hash(req.password) : null,
      passwordChangedAt: req.password !== undefined ? now : null,
      mustChangePassword: req.mustChangePassword ?? false,
      status: 'active',
      createdAt: now,
      deactivatedAt: null,
    };
    try {
      await this.ds.transaction(async (m) => {
        await m.insert(User, user);
        const event: UserCreatedEvent = { userId: user.id, companyId: user.companyId, realm: user.realm, email, source, displayName: user.displayName, at: now.toISOString() };
        await appendToOutbox(m, AccountsEvents.userCreated, event, { correlationId });
      });
    } catch (err) {
      // a concurrent creation of the same realm + e-mail: the unique index decided, answer as for an existing user
      if (!/unique|duplicate/i.test((err as Error).message)) throw err;
      const winner = await this.ds.getRepository(User).findOneOrFail({ where: { realm: req.realm, email } });
      return this.sameUser(winner, req.companyId);
    }
    this.outbox.nudge();
    return { userId: user.id, created: true };
  }

  async get(companyId: string, userId: string): Promise<UserReply> {
    return toUserReply(await this.find(companyId, userId));
  }

  /** Deactivates the user and revokes its sessions in one transaction; a second call changes nothing. */
  async deactivate(companyId: string, userId: string, correlationId?: string): Promise<UserReply> {
    const user = await this.ds.transaction(async (m) => {
      const u = await m.getRepository(User).findOne({ where: { id: userId, companyId } });
      if (!u) throw this.notFound(userId);
      if (u.status === 'deactivated') return u;
      const at = new Date();
      await m.getRepository(User).update({ id: u.id, companyId }, { status: 'deactivated', deactivatedAt: at });
      await revokeSessions(m, await openSessionsOf(m, u.id, companyId), 'user-deactivated', correlationId);
      const event: UserDeactivatedEvent = { userId: u.id, companyId, realm: u.realm, at: at.toISOString() };
      await appendToOutbox(m, AccountsEvents.userDeactivated, event, { correlationId });
      return { ...u, status: 'deactivated' as const, deactivatedAt: at };
    });
    this.outbox.nudge();
    return toUserReply(user);
  }

  private sameUser(existing: User, companyId: string): CreateUserReply {
    if (existing.companyId !== companyId) throw conflict();
    return { userId: existing.id, created: false };
  }

  private async find(companyId: string, userId: string): Promise<User> {
    const u = await this.ds.getRepository(User).findOne({ where: { id: userId, companyId } });
    if (!u) throw this.notFound(userId);
    return u;
  }

  private notFound(userId: string): FleetError {
    return new FleetError(AccountsErrorCodes.NOT_FOUND, `user ${userId} does not exist in this company`);
  }
}
