import { AccountsSubjects, type CreateUserReply, type JwksReply, type TokenPairReply } from '@fleet/contracts-accounts';
import type { RunningService } from '@fleet/shared-service-kit';
import { cleanupStreams, serviceTestEnv, startInProcess, testDatabase, type TestEngine } from '@fleet/shared-testing';
import { createLocalJWKSet, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { randomBytes, randomUUID } from 'node:crypto';
import { PolicyService } from '../policy/policy.service';
import type { RealmPolicy } from '../policy/realm-policy';
import { AccountsService } from '../service';
import { ServiceAccountsService } from '../service-accounts/service-accounts.service';
import { AccessTokenSigner } from '../tokens/access-token-signer';

/** A password that meets the default policy. */
export const STRONG_PASSWORD = 'Correct-Horse-Battery-9';

/** accounts under test: its own database and subject prefix, a fixed key-encryption key. */
export async function startAccounts(engine: TestEngine, prefix: string, extra: Record<string, string> = {}): Promise<{ svc: RunningService; stop: () => Promise<void> }> {
  const db = await testDatabase(engine, prefix);
  const svc = await startInProcess(
    AccountsService,
    serviceTestEnv('accounts', { dbUrl: db.url, prefix, extra: { ACCOUNTS_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'), ...extra } }),
  );
  return {
    svc,
    stop: async () => {
      await svc.stop();
      await db.drop();
      await cleanupStreams(prefix);
    },
  };
}

/** Factory of `accounts.user.create` requests; each test overrides what it is about. */
export const aUser = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  realm: 'company',
  companyId: randomUUID(),
  email: `user-${randomUUID()}@example.com`,
  displayName: 'Ada Lovelace',
  password: STRONG_PASSWORD,
  ...over,
});

/** Creates a user and returns the request (with its id) for signing in. */
export async function createdUser(svc: RunningService, over: Record<string, unknown> = {}): Promise<Record<string, unknown> & { userId: string; email: string; companyId: string }> {
  const req = aUser(over);
  const reply = await svc.ctx.rpc.request<CreateUserReply>(AccountsSubjects.userCreate, req, { headers: await asService(svc) });
  return { ...req, userId: reply.userId } as Record<string, unknown> & { userId: string; email: string; companyId: string };
}

export function login(svc: RunningService, req: Record<string, unknown>): Promise<TokenPairReply> {
  return svc.ctx.rpc.request<TokenPairReply>(AccountsSubjects.authLogin, req);
}

/** The rejection of a request (fails the test when it succeeds). */
export async function rejectionOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return { code: (err as { code: string }).code, message: (err as Error).message };
  }
  throw new Error('expected the request to be refused');
}

/** Verifies an access token the way libs/shared/auth will: against the JWKS from `accounts.jwks.get`. */
export async function verifyAccessToken(svc: RunningService, token: string): Promise<{ payload: JWTPayload; protectedHeader: ProtectedHeaderParameters }> {
  const jwks = await svc.ctx.rpc.request<JwksReply>(AccountsSubjects.jwksGet, {});
  return jwtVerify(token, createLocalJWKSet({ keys: jwks.keys as never }), { issuer: 'fleet', audience: 'fleet-api', algorithms: ['ES256'] });
}

/** Changes the policy of a realm, as a test set-up step. */
export function setPolicy(svc: RunningService, companyId: string, realm: string, change: Partial<RealmPolicy>): Promise<RealmPolicy> {
  return svc.app.get(PolicyService).update(companyId, realm, change);
}

/** NATS headers carrying the internal service token of Fleet service `service` (platform by default), signed by this accounts. */
export async function asService(svc: RunningService, service = 'platform'): Promise<Record<string, string>> {
  const { token } = await svc.app.get(ServiceAccountsService).ownToken(service);
  return { authorization: `Bearer ${token}` };
}

/** A company-realm user access token signed by this accounts (a user that need not exist). */
export async function userToken(svc: RunningService, companyId: string, userId: string = randomUUID()): Promise<string> {
  return svc.app.get(AccessTokenSigner).sign({ userId, companyId, realm: 'company', sessionId: randomUUID() });
}
