import {
  AccountsErrorCodes,
  AccountsEvents,
  COMPANY_REALM,
  INVALID_CREDENTIALS_MESSAGE,
  type LoginFailedEvent,
  type LoginReply,
  type PasswordResetRequestedEvent,
  type UserLockedEvent,
} from '@fleet/contracts-accounts';
import type { Principal } from '@fleet/contracts-fleet';
import { FleetError } from '@fleet/shared-errors';
import { appendToOutbox, type OutboxRelay } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { LockoutService } from '../auth/lockout.service';
import { PasswordHasher } from '../passwords/password-hasher';
import { passwordFieldErrors, passwordViolations, type PasswordViolation } from '../passwords/password-policy';
import { PolicyService } from '../policy/policy.service';
import type { RealmPolicy } from '../policy/realm-policy';
import { openSessionsOf, revokeSessions } from '../sessions/session-revoker';
import { normalizeEmail } from '../users/user-identity';
import { User } from '../users/user.entity';
import type { AuthChallenge, ChallengeKind } from './auth-challenge.entity';
import { burnChallenges, codeMatches, consumeChallenge, countWrongCode, findLiveChallenge, issueChallenge } from './challenge-store';
import { SignInCompleter } from './sign-in-completer';

/**
 * The least time a password-reset request takes to answer, whoever the e-mail belongs to: well above
 * what issuing a token costs (a few milliseconds on SQLite, tens under load on a remote database).
 */
export const RESET_REPLY_FLOOR_MS = 250;

const unauthorized = (): FleetError => new FleetError(AccountsErrorCodes.UNAUTHORIZED, INVALID_CREDENTIALS_MESSAGE);

/** The policy's answer to a new password: `ACCOUNTS.VALIDATION` naming `newPassword` and each rule broken. */
function rejectNewPassword(violations: PasswordViolation[]): FleetError {
  return new FleetError(AccountsErrorCodes.VALIDATION, `invalid request: newPassword ${violations[0].reason}`, {
    fields: passwordFieldErrors(violations, 'newPassword'),
    rules: violations.map((v) => v.rule),
  });
}

/**
 * Password change (own, or to finish a sign-in that requires it), password reset by e-mailed token,
 * and the second step of an MFA sign-in. Every refused ticket, token or code is the one generic
 * `ACCOUNTS.UNAUTHORIZED`; a new password that breaks the policy changes nothing (the ticket or token
 * stays usable) and answers `ACCOUNTS.VALIDATION` on `newPassword`.
 */
@Injectable()
export class CredentialsService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.outbox) private readonly outbox: OutboxRelay,
    private readonly policies: PolicyService,
    private readonly hasher: PasswordHasher,
    private readonly lockout: LockoutService,
    private readonly completer: SignInCompleter,
  ) {}

  /** The caller changes its own password; its other sessions are revoked. */
  async change(p: Principal, currentPassword: string, newPassword: string, correlationId?: string): Promise<{ revokedSessions: number }> {
    if (p.kind !== 'user') throw unauthorized();
    const user = await this.ds.getRepository(User).findOne({ where: { id: p.sub, companyId: p.companyId, realm: p.realm } });
    if (!user || user.status !== 'active') throw unauthorized();
    const policy = await this.policies.policyOf(user.companyId, user.realm);
    const now = new Date();
    const keys = [{ scope: 'account' as const, subject: user.email }];
    const locked = await this.lockout.lockedUntil(this.ds.manager, user.realm, keys, policy, now);
    const ok = await this.hasher.verifyOrDummy(user.passwordHash, currentPassword);
    if (locked || !ok) {
      // a stolen access token must not become a password oracle: wrong guesses count toward the lockout
      if (!locked) await this.ds.transaction((m) => this.lockout.recordFailure(m, user.realm, keys, policy, now));
      throw new FleetError(AccountsErrorCodes.VALIDATION, 'invalid request: currentPassword is not the current password', { fields: [{ path: 'currentPassword', reason: 'currentPassword is not the current password' }] });
    }
    this.checkPolicy(user, newPassword, policy, currentPassword);
    const hash = await this.hasher.hash(newPassword);
    const revoked = await this.ds.transaction(async (m) => {
      await this.setPassword(m, user, hash);
      const others = (await openSessionsOf(m, user.id, user.companyId)).filter((s) => s.id !== p.sessionId);
      return revokeSessions(m, others, 'password-changed', correlationId);
    });
    if (revoked) this.outbox.nudge();
    return { revokedSessions: revoked };
  }

  /** Finishes a sign-in that answered `password_change_required`: sets the password, then signs in. */
  async completeChange(ticket: string, newPassword: string, correlationId?: string): Promise<LoginReply> {
    const now = new Date();
    const { row, user } = await this.liveTicket('password-change', ticket, now);
    const policy = await this.policies.policyOf(user.companyId, user.realm);
    this.checkPolicy(user, newPassword, policy);
    const hash = await this.hasher.hash(newPassword);
    const done = await this.ds.transaction(async (m) => {
      if (!(await consumeChallenge(m, row, now))) return false;
      await this.setPassword(m, user, hash);
      await revokeSessions(m, await openSessionsOf(m, user.id, user.companyId), 'password-changed', correlationId);
      return true;
    });
    if (!done) throw unauthorized();
    this.outbox.nudge();
    const changed = { ...user, passwordHash: hash, mustChangePassword: false, passwordChangedAt: now };
    return this.completer.openSession({ user: changed, policy, clientIp: row.clientIp ?? undefined, correlationId, now, mfaDone: true });
  }

  /**
   * Starts a password reset. Always the same answer: for an active user with that e-mail, a one-time
   * token (30 min) is stored hashed and `accounts.password-reset.requested` carries it to smtp.
   */
  /**
   * Issues a reset token to an active user (e-mailed by smtp from `accounts.password-reset.requested`);
   * an unknown or deactivated e-mail gets the same answer. The answer never comes before
   * RESET_REPLY_FLOOR_MS, so its timing does not tell the two apart either (writing the token takes
   * a transaction; finding nobody takes one read).
   */
  async requestReset(email: string, realm: string | undefined, correlationId?: string): Promise<{ accepted: true }> {
    const started = Date.now();
    try {
      await this.issueReset(email, realm, correlationId);
    } finally {
      const wait = RESET_REPLY_FLOOR_MS - (Date.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return { accepted: true };
  }

  private async issueReset(email: string, realm: string | undefined, correlationId?: string): Promise<void> {
    const now = new Date();
    const user = await this.ds.getRepository(User).findOne({ where: { realm: realm ?? COMPANY_REALM, email: normalizeEmail(email) } });
    if (!user || user.status !== 'active') return;
    await this.ds.transaction(async (m) => {
      await burnChallenges(m, user.id, 'password-reset', now);
      const { secret, expiresAt } = await issueChallenge(m, 'password-reset', user, now);
      const event: PasswordResetRequestedEvent = { userId: user.id, email: user.email, realm: user.realm, token: secret, expiresAt: expiresAt.toISOString() };
      await appendToOutbox(m, AccountsEvents.passwordResetRequested, event, { correlationId });
    });
    this.outbox.nudge();
  }

  /** Sets a new password with a reset token (once); every session of the user is revoked, its lockout cleared. */
  async completeReset(token: string, newPassword: string, correlationId?: string): Promise<{ revokedSessions: number }> {
    const now = new Date();
    const { row, user } = await this.liveTicket('password-reset', token, now);
    const policy = await this.policies.policyOf(user.companyId, user.realm);
    this.checkPolicy(user, newPassword, policy);
    const hash = await this.hasher.hash(newPassword);
    const revoked = await this.ds.transaction(async (m) => {
      if (!(await consumeChallenge(m, row, now))) return undefined;
      await this.setPassword(m, user, hash);
      await this.lockout.clearAccount(m, user.realm, user.email);
      return revokeSessions(m, await openSessionsOf(m, user.id, user.companyId), 'password-reset', correlationId);
    });
    if (revoked === undefined) throw unauthorized();
    this.outbox.nudge();
    return { revokedSessions: revoked };
  }

  /**
   * Second step of an MFA sign-in. A wrong code counts against the ticket (5 at most) and toward the
   * account's lockout, like a wrong password; a locked account is refused even with the right code.
   */
  async mfa(ticket: string, code: string, correlationId?: string): Promise<LoginReply> {
    const now = new Date();
    const { row, user } = await this.liveTicket('mfa', ticket, now);
    const policy = await this.policies.policyOf(user.companyId, user.realm);
    const keys = [{ scope: 'account' as const, subject: user.email }];
    const locked = await this.lockout.lockedUntil(this.ds.manager, user.realm, keys, policy, now);
    if (locked || !codeMatches(row.codeHash, code)) return this.refuseCode(row, user, policy, now, locked ? 'locked' : 'bad-code', correlationId);
    const won = await this.ds.transaction((m) => consumeChallenge(m, row, now));
    if (!won) throw unauthorized();
    return this.completer.next({ user, policy, clientIp: row.clientIp ?? undefined, correlationId, now, mfaDone: true });
  }

  private async refuseCode(row: AuthChallenge, user: User, policy: RealmPolicy, now: Date, reason: 'locked' | 'bad-code', correlationId?: string): Promise<never> {
    const who = { email: user.email, realm: user.realm, userId: user.id, companyId: user.companyId, ...(row.clientIp ? { clientIp: row.clientIp } : {}) };
    await this.ds.transaction(async (m) => {
      await countWrongCode(m, row, now);
      const locks = reason === 'locked' ? [] : await this.lockout.recordFailure(m, user.realm, [{ scope: 'account', subject: user.email }], policy, now);
      const failed: LoginFailedEvent = { ...who, reason, at: now.toISOString() };
      await appendToOutbox(m, AccountsEvents.loginFailed, failed, { correlationId });
      for (const lock of locks) {
        const event: UserLockedEvent = { ...who, scope: lock.scope, lockedUntil: lock.until.toISOString(), at: now.toISOString() };
        await appendToOutbox(m, AccountsEvents.userLocked, event, { correlationId });
      }
    });
    this.outbox.nudge();
    throw unauthorized();
  }

  /** The live challenge and its (active) user, or the generic refusal. */
  private async liveTicket(kind: ChallengeKind, secret: string, now: Date): Promise<{ row: AuthChallenge; user: User }> {
    const row = await findLiveChallenge(this.ds.manager, kind, secret, now);
    if (!row) throw unauthorized();
    const user = await this.ds.getRepository(User).findOne({ where: { id: row.userId, companyId: row.companyId } });
    if (!user || user.status !== 'active') throw unauthorized();
    return { row, user };
  }

  private checkPolicy(user: User, newPassword: string, policy: RealmPolicy, currentPassword?: string): void {
    const violations = passwordViolations(newPassword, user.email, policy);
    if (currentPassword !== undefined && newPassword === currentPassword) violations.push({ rule: 'not-current', reason: 'must differ from the current password (rule not-current)' });
    if (violations.length) throw rejectNewPassword(violations);
  }

  private async setPassword(m: EntityManager, user: User, hash: string): Promise<void> {
    await m.getRepository(User).update({ id: user.id, companyId: user.companyId }, { passwordHash: hash, passwordChangedAt: new Date(), mustChangePassword: false });
  }
}
