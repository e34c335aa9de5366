import { AccountsSubjects, type JwksReply, type SessionCheckReply } from '@fleet/contracts-accounts';
import { FleetErrorCodes } from '@fleet/contracts-fleet';
import { FleetError } from '@fleet/shared-errors';
import type { RpcClient } from '@fleet/shared-nats';
import type { ServiceIdentity } from './service-identity';
import type { JwksDocument, JwksFetcher, SessionChecker } from './token-verifier';

/** Loads the JWKS from accounts over NATS (`accounts.jwks.get`). */
export function jwksFromRpc(rpc: RpcClient, timeoutMs?: number): JwksFetcher {
  return async () => (await rpc.request<JwksReply>(AccountsSubjects.jwksGet, {}, { timeoutMs })) as JwksDocument;
}

/**
 * Asks accounts whether a session is still active (`accounts.session.check`). The timeout is short
 * (default 1 s): the check sits in front of every authenticated request, and a failed one is
 * tolerated (see TokenVerifier). The subject is internal: the request carries the process's own
 * service token (`identity`).
 */
export function sessionCheckFromRpc(rpc: RpcClient, identity: ServiceIdentity, timeoutMs = 1000): SessionChecker {
  return async (sessionId) => {
    const headers = await withinMs(identity.headers(), timeoutMs, 'the service token for the session check');
    return (await rpc.request<SessionCheckReply>(AccountsSubjects.sessionCheck, { sessionId }, { timeoutMs, headers })).active === true;
  };
}

/** `p`, or a FLEET.TIMEOUT error after `ms`. */
async function withinMs<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_r, reject) => {
    timer = setTimeout(() => reject(new FleetError(FleetErrorCodes.TIMEOUT, `${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
