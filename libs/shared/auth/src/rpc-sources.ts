import { AccountsSubjects, type JwksReply, type SessionCheckReply } from '@fleet/contracts-accounts';
import type { RpcClient } from '@fleet/shared-nats';
import type { JwksDocument, JwksFetcher, SessionChecker } from './token-verifier';

/** Loads the JWKS from accounts over NATS (`accounts.jwks.get`). */
export function jwksFromRpc(rpc: RpcClient, timeoutMs?: number): JwksFetcher {
  return async () => (await rpc.request<JwksReply>(AccountsSubjects.jwksGet, {}, { timeoutMs })) as JwksDocument;
}

/**
 * Asks accounts whether a session is still active (`accounts.session.check`). The timeout is short
 * (default 1 s): the check sits in front of every authenticated request, and a failed one is
 * tolerated (see TokenVerifier).
 */
export function sessionCheckFromRpc(rpc: RpcClient, timeoutMs = 1000): SessionChecker {
  return async (sessionId) => (await rpc.request<SessionCheckReply>(AccountsSubjects.sessionCheck, { sessionId }, { timeoutMs })).active === true;
}
