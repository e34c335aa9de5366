import { AccountsErrorCodes, INVALID_CREDENTIALS_MESSAGE, type SessionCheckReply, type TokenPairReply } from '@fleet/contracts-accounts';
import { FleetError } from '@fleet/shared-errors';
import { type OutboxRelay } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { PolicyService } from '../policy/policy.service';
import { isIdle, type RealmPolicy } from '../policy/realm-policy';
import { AccessTokenSigner } from '../tokens/access-token-signer';
import { hashRefreshToken, newRefreshToken } from '../tokens/refresh-token';
import { User } from '../users/user.entity';
import { openSessionsOf, revokeSessions } from './session-revoker';
import { RefreshToken, Session } from './session.entity';

const unauthorized = (): FleetError => new FleetError(AccountsErrorCodes.UNAUTHORIZED, INVALID_CREDENTIALS_MESSAGE);

/**
 * Sessions (refresh-token families): opened at sign-in, rotated on refresh, revoked on logout, on
 * reuse of a used refresh token, past the idle timeout, beyond the concurrent-session limit.
 */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.outbox) private readonly outbox: OutboxRelay,
    private readonly policies: PolicyService,
    private readonly signer: AccessTokenSigner,
  ) {}

  /** Opens a session in the caller's transaction; revokes the oldest ones beyond the policy's maximum. */
  async open(m: EntityManager, user: User, policy: RealmPolicy, clientIp: string | undefined, correlationId?: string): Promise<{ session: Session; refreshToken: string }> {
    const open = await openSessionsOf(m, user.id, user.companyId);
    const excess = open.length - (policy.maxSessions - 1);
    if (excess > 0) await revokeSessions(m, open.slice(0, excess), 'max-sessions', correlationId);
    const now = new Date();
    const session: Session = { id: randomUUID(), userId: user.id, companyId: user.companyId, realm: user.realm, clientIp: clientIp ?? null, createdAt: now, lastUsedAt: now, revokedAt: null, revokeReason: null };
    await m.insert(Session, session);
    return { session, refreshToken: await this.issueRefreshToken(m, session.id, now) };
  }

  /** The token pair of a session with the refresh token just issued. */
  async pair(session: Session, refreshToken: string): Promise<TokenPairReply> {
    const access = await this.signer.sign({ userId: session.userId, companyId: session.companyId, realm: session.realm, sessionId: session.id });
    return { access_token: access, refresh_token: refreshToken, token_type: 'Bearer', expires_in: this.signer.ttlSeconds };
  }

  /** Uses a refresh token once and returns the next pair; a used one revokes its whole family. */
  async refresh(token: string, correlationId?: string): Promise<TokenPairReply> {
    const outcome = await this.ds.transaction(async (m) => {
      const found = await this.findFamily(m, token);
      if (!found) return { ok: false as const, revoked: 0 };
      const { row, session } = found;
      const user = await m.getRepository(User).findOne({ where: { id: session.userId, companyId: session.companyId } });
      const policy = await this.policies.policyOf(session.companyId, session.realm, m);
      const now = new Date();
      const reason = row.usedAt ? 'refresh-reuse' : isIdle(session.lastUsedAt, policy, now) ? 'idle-timeout' : user?.status !== 'active' ? 'user-deactivated' : undefined;
      if (reason) return { ok: false as const, revoked: await revokeSessions(m, [session], reason, correlationId) };
      const marked = await m.getRepository(RefreshToken).update({ id: row.id, usedAt: IsNull() }, { usedAt: now });
      if (!marked.affected) return { ok: false as const, revoked: await revokeSessions(m, [session], 'refresh-reuse', correlationId) }; // a concurrent use won
      await m.getRepository(Session).update({ id: session.id }, { lastUsedAt: now });
      return { ok: true as const, session, refreshToken: await this.issueRefreshToken(m, session.id, now) };
    });
    if (!outcome?.ok) {
      if (outcome?.revoked) this.outbox.nudge();
      throw unauthorized();
    }
    return this.pair(outcome.session, outcome.refreshToken);
  }

  /** Revokes the family of a refresh token (used or not). */
  async logout(token: string, correlationId?: string): Promise<boolean> {
    const revoked = await this.ds.transaction(async (m) => {
      const found = await this.findFamily(m, token);
      return found ? (await revokeSessions(m, [found.session], 'logout', correlationId)) > 0 : false;
    });
    if (revoked) this.outbox.nudge();
    return revoked;
  }

  /** Whether tokens of this session may still be honoured: not revoked, not idle past the policy. */
  async check(sessionId: string): Promise<SessionCheckReply> {
    const s = await this.ds.getRepository(Session).findOne({ where: { id: sessionId } });
    if (!s || s.revokedAt) return { active: false };
    const policy = await this.policies.policyOf(s.companyId, s.realm);
    return { active: !isIdle(s.lastUsedAt, policy, new Date()) };
  }

  private async issueRefreshToken(m: EntityManager, sessionId: string, now: Date): Promise<string> {
    const token = newRefreshToken();
    await m.insert(RefreshToken, { id: randomUUID(), sessionId, tokenHash: hashRefreshToken(token), createdAt: now, usedAt: null });
    return token;
  }

  /** The stored token and its session when both exist and the session is not revoked. */
  private async findFamily(m: EntityManager, token: string): Promise<{ row: RefreshToken; session: Session } | undefined> {
    const row = await m.getRepository(RefreshToken).findOne({ where: { tokenHash: hashRefreshToken(token) } });
    if (!row) return undefined;
    const session = await m.getRepository(Session).findOne({ where: { id: row.sessionId } });
    return session && !session.revokedAt ? { row, session } : undefined;
  }
}
