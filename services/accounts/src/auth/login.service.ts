import {
  AccountsErrorCodes,
  AccountsEvents,
  COMPANY_REALM,
  INVALID_CREDENTIALS_MESSAGE,
  type LoginFailedEvent,
  type LoginFailureReason,
  type LoginReply,
  type LoginRequest,
  type UserLockedEvent,
} from '@fleet/contracts-accounts';
import { FleetError } from '@fleet/shared-errors';
import { appendToOutbox, type OutboxRelay } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { SignInCompleter } from '../credentials/sign-in-completer';
import { PasswordHasher } from '../passwords/password-hasher';
import { PolicyService } from '../policy/policy.service';
import { type RealmPolicy } from '../policy/realm-policy';
import { normalizeEmail } from '../users/user-identity';
import { User } from '../users/user.entity';
import { LockoutService, type LockKey } from './lockout.service';

/** One attempt, as the failure path needs it. */
interface Attempt {
  realm: string;
  email: string;
  clientIp?: string;
  user: User | null;
  policy: RealmPolicy;
  keys: LockKey[];
  now: Date;
  correlationId?: string;
}

/**
 * Password sign-in. Every refusal answers the same `ACCOUNTS.UNAUTHORIZED` and costs one argon2
 * verification (a dummy one for unknown users), so neither the answer nor its timing tells an
 * unknown e-mail from a wrong password, a deactivated or a locked account.
 */
@Injectable()
export class LoginService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.outbox) private readonly outbox: OutboxRelay,
    private readonly policies: PolicyService,
    private readonly hasher: PasswordHasher,
    private readonly lockout: LockoutService,
    private readonly completer: SignInCompleter,
  ) {}

  async login(req: LoginRequest, correlationId?: string): Promise<LoginReply> {
    const realm = req.realm ?? COMPANY_REALM;
    const email = normalizeEmail(req.email);
    const now = new Date();
    const user = await this.ds.getRepository(User).findOne({ where: { realm, email } });
    const policy = await this.policies.policyOf(user?.companyId, realm);
    const keys: LockKey[] = [{ scope: 'account', subject: email }, ...(req.clientIp ? [{ scope: 'address' as const, subject: req.clientIp }] : [])];
    const locked = await this.lockout.lockedUntil(this.ds.manager, realm, keys, policy, now);
    const passwordOk = await this.hasher.verifyOrDummy(user?.passwordHash, req.password);
    const attempt: Attempt = { realm, email, clientIp: req.clientIp, user, policy, keys, now, correlationId };
    if (locked) return this.refuse(attempt, 'locked');
    if (!user) return this.refuse(attempt, 'unknown-user');
    if (!user.passwordHash) return this.refuse(attempt, 'no-password');
    if (!passwordOk) return this.refuse(attempt, 'bad-password');
    if (user.status !== 'active') return this.refuse(attempt, 'deactivated');
    return this.succeed(attempt, user);
  }

  private succeed(a: Attempt, user: User): Promise<LoginReply> {
    return this.completer.next({ user, policy: a.policy, clientIp: a.clientIp, correlationId: a.correlationId, now: a.now, mfaDone: false });
  }

  /** Records the failure (unless already locked), audits it, and answers the one generic refusal. */
  private async refuse(a: Attempt, reason: LoginFailureReason): Promise<never> {
    const who = { email: a.email, realm: a.realm, ...(a.user ? { userId: a.user.id, companyId: a.user.companyId } : {}), ...(a.clientIp ? { clientIp: a.clientIp } : {}) };
    await this.ds.transaction(async (m) => {
      const locks = reason === 'locked' ? [] : await this.lockout.recordFailure(m, a.realm, a.keys, a.policy, a.now);
      const failed: LoginFailedEvent = { ...who, reason, at: a.now.toISOString() };
      await appendToOutbox(m, AccountsEvents.loginFailed, failed, { correlationId: a.correlationId });
      for (const lock of locks) {
        const event: UserLockedEvent = { ...who, scope: lock.scope, lockedUntil: lock.until.toISOString(), at: a.now.toISOString() };
        await appendToOutbox(m, AccountsEvents.userLocked, event, { correlationId: a.correlationId });
      }
    });
    this.outbox.nudge();
    throw new FleetError(AccountsErrorCodes.UNAUTHORIZED, INVALID_CREDENTIALS_MESSAGE);
  }
}
