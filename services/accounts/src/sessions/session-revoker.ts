import { AccountsEvents, type SessionRevokedEvent, type SessionRevokeReason } from '@fleet/contracts-accounts';
import { appendToOutbox } from '@fleet/shared-events';
import { IsNull, type EntityManager } from 'typeorm';
import { Session } from './session.entity';

/**
 * Revokes sessions inside the caller's transaction and appends one `accounts.session.revoked`
 * per session actually revoked (a session revoked already is left as it is).
 */
export async function revokeSessions(m: EntityManager, sessions: Session[], reason: SessionRevokeReason, correlationId?: string): Promise<number> {
  let revoked = 0;
  const at = new Date();
  for (const s of sessions) {
    const r = await m.getRepository(Session).update({ id: s.id, revokedAt: IsNull() }, { revokedAt: at, revokeReason: reason });
    if (!r.affected) continue;
    revoked++;
    const event: SessionRevokedEvent = { sessionId: s.id, userId: s.userId, companyId: s.companyId, realm: s.realm, reason, at: at.toISOString() };
    await appendToOutbox(m, AccountsEvents.sessionRevoked, event, { correlationId });
  }
  return revoked;
}

/** The user's sessions that are not revoked, oldest first. */
export function openSessionsOf(m: EntityManager, userId: string, companyId: string): Promise<Session[]> {
  return m.getRepository(Session).find({ where: { userId, companyId, revokedAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
}
