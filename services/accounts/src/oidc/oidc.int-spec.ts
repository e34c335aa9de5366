import { AccountsSubjects, type OidcProviderReply, type OidcStartReply, type TokenPairReply } from '@fleet/contracts-accounts';
import { OutboxRecord } from '@fleet/shared-events';
import type { RunningService } from '@fleet/shared-service-kit';
import { plainNatsClient, signInAtOidcProvider, startOidcProvider, TEST_ENGINES, uniquePrefix, type LocalOidcProvider } from '@fleet/shared-testing';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { Like } from 'typeorm';
import { createdUser, login, rejectionOf, startAccounts, STRONG_PASSWORD, verifyAccessToken } from '../test/accounts-harness';
import { User } from '../users/user.entity';

const CLIENT_ID = 'fleet-test-client';
const CLIENT_SECRET = 'fleet-test-client-secret-0123456789';
/** The callback the test controls: the provider redirects there, the test reads `code` and `state` from the URL. */
const REDIRECT_URI = 'http://127.0.0.1:1/oidc/callback';

const signInAtProvider = (location: string, login: string) => signInAtOidcProvider(location, login, REDIRECT_URI);

describe.each(TEST_ENGINES)('accounts sign-in through an external OpenID Connect provider on %s', (engine) => {
  const prefix = uniquePrefix(`acco${engine}`);
  let svc: RunningService;
  let stop: () => Promise<void>;
  let nc: NatsConnection;
  let sub: Subscription;
  let provider: LocalOidcProvider;

  const call = <T = unknown>(subject: string, data: unknown, token?: string): Promise<T> => svc.ctx.rpc.request<T>(subject, data, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  /** A company with an administrator and its identity provider (`provision` as given). */
  const company = async (provision: boolean, clientId = CLIENT_ID) => {
    const admin = await createdUser(svc);
    const { access_token } = (await login(svc, { email: admin.email, password: STRONG_PASSWORD })) as TokenPairReply;
    const configured = await call<OidcProviderReply>(AccountsSubjects.oidcProviderSet, { companyId: admin.companyId, issuer: provider.issuer, clientId, clientSecret: CLIENT_SECRET, provision }, access_token);
    return { companyId: admin.companyId, admin, token: access_token, configured };
  };
  const start = (companyId: string) => call<OidcStartReply>(AccountsSubjects.authOidcStart, { realm: 'company', companyId, redirectUri: REDIRECT_URI });
  const callback = (back: { code: string; state: string }) => call<TokenPairReply>(AccountsSubjects.authOidcCallback, back);

  beforeAll(async () => {
    provider = await startOidcProvider(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI);
    nc = await plainNatsClient();
    // platform's permission check: every caller may manage its company here (authorization is the policy slice's concern)
    sub = nc.subscribe(`${prefix}.platform.permission.check`, {
      callback: (_err, msg) => {
        msg.respond(JSON.stringify({ response: { allowed: true, visible: true, reason: 'test' }, isDisposed: true, id: msg.json<{ id: string }>().id }));
      },
    });
    ({ svc, stop } = await startAccounts(engine, prefix));
  }, 60000);
  afterAll(async () => {
    await stop?.();
    sub?.unsubscribe();
    await nc?.close();
    provider?.stop();
  });

  it('should keep the configuration without answering the client secret', async () => {
    const c = await company(false);
    expect(c.configured).toEqual({ companyId: c.companyId, realm: 'company', issuer: provider.issuer, clientId: CLIENT_ID, scopes: ['email', 'profile'], provision: false, updatedAt: expect.any(String) });
    await expect(call(AccountsSubjects.oidcProviderGet, { companyId: c.companyId }, c.token)).resolves.toEqual(c.configured);
    await expect(call(AccountsSubjects.oidcProviderDelete, { companyId: c.companyId }, c.token)).resolves.toEqual({ deleted: true });
    expect((await rejectionOf(call(AccountsSubjects.oidcProviderGet, { companyId: c.companyId }, c.token))).code).toBe('ACCOUNTS.NOT_FOUND');
  });

  it('should sign a known user in with PKCE, state and nonce, and answer a token pair signed by accounts', async () => {
    const c = await company(false);
    const { location } = await start(c.companyId);
    const auth = new URL(location);
    expect(auth.origin).toBe(provider.issuer);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('nonce')).toBeTruthy();
    const back = await signInAtProvider(location, c.admin.email);
    const pair = await callback(back);
    const { payload } = await verifyAccessToken(svc, pair.access_token);
    expect(payload).toMatchObject({ sub: c.admin.userId, realm: 'company', cid: c.companyId });
    expect(pair.refresh_token).toBeTruthy();
    // the state works once
    expect(await rejectionOf(callback(back))).toEqual({ code: 'ACCOUNTS.UNAUTHORIZED', message: 'invalid credentials' });
  }, 30000);

  it('should refuse an unknown state with the one generic 401', async () => {
    const c = await company(false);
    const { location } = await start(c.companyId);
    const back = await signInAtProvider(location, c.admin.email);
    expect(await rejectionOf(callback({ ...back, state: 'not-the-state' }))).toEqual({ code: 'ACCOUNTS.UNAUTHORIZED', message: 'invalid credentials' });
  }, 30000);

  // the provider itself refuses the other client's credentials at the token endpoint, so the id_token's
  // `aud` check behind it is not reached by this test
  it('should refuse the sign-in once the configuration names another client', async () => {
    const c = await company(false);
    const { location } = await start(c.companyId);
    const back = await signInAtProvider(location, c.admin.email);
    // the company's configuration now names another client: the provider's token is not for it
    await call(AccountsSubjects.oidcProviderSet, { companyId: c.companyId, issuer: provider.issuer, clientId: 'another-client', clientSecret: CLIENT_SECRET, provision: false }, c.token);
    expect((await rejectionOf(callback(back))).code).toBe('ACCOUNTS.UNAUTHORIZED');
  }, 30000);

  it('should refuse an unknown e-mail when provisioning is off, and create the user when it is on', async () => {
    const off = await company(false);
    const stranger = `stranger-${randomUUID()}@example.com`;
    expect((await rejectionOf(callback(await signInAtProvider((await start(off.companyId)).location, stranger)))).code).toBe('ACCOUNTS.UNAUTHORIZED');
    expect(await svc.ctx.dataSource.getRepository(User).findOne({ where: { realm: 'company', email: stranger } })).toBeNull();

    const on = await company(true);
    const pair = await callback(await signInAtProvider((await start(on.companyId)).location, stranger));
    const created = await svc.ctx.dataSource.getRepository(User).findOneOrFail({ where: { realm: 'company', email: stranger } });
    expect(created).toMatchObject({ companyId: on.companyId, displayName: 'External User', passwordHash: null, status: 'active' });
    expect((await verifyAccessToken(svc, pair.access_token)).payload.sub).toBe(created.id);
  }, 30000);

  it("should sign end users of an environment realm in through that realm's own provider, never the company's", async () => {
    const c = await company(false);
    const environmentId = randomUUID();
    const realm = `env:${environmentId}`;
    const set = await call<OidcProviderReply>(AccountsSubjects.oidcProviderSet, { realm, issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, provision: true }, c.token);
    expect(set).toMatchObject({ companyId: c.companyId, realm, provision: true });
    // the company realm's provider (provision off) is untouched: it is another row
    await expect(call(AccountsSubjects.oidcProviderGet, { companyId: c.companyId }, c.token)).resolves.toMatchObject({ realm: 'company', provision: false });

    const worker = `worker-${randomUUID()}@example.com`;
    const { location } = await call<OidcStartReply>(AccountsSubjects.authOidcStart, { realm, redirectUri: REDIRECT_URI });
    const pair = await callback(await signInAtProvider(location, worker));
    const created = await svc.ctx.dataSource.getRepository(User).findOneOrFail({ where: { realm, email: worker } });
    expect(created).toMatchObject({ companyId: c.companyId, passwordHash: null, status: 'active' });
    const { payload } = await verifyAccessToken(svc, pair.access_token);
    expect(payload).toMatchObject({ sub: created.id, realm, cid: c.companyId });
    // the same person is not a user of the company realm: its provider does not provision
    expect((await rejectionOf(callback(await signInAtProvider((await start(c.companyId)).location, worker)))).code).toBe('ACCOUNTS.UNAUTHORIZED');
    expect(await svc.ctx.dataSource.getRepository(User).findOne({ where: { realm: 'company', email: worker } })).toBeNull();
  }, 30000);

  it('should refuse to start a sign-in for a realm without a provider, and refuse a malformed realm', async () => {
    expect(await rejectionOf(call(AccountsSubjects.authOidcStart, { realm: `env:${randomUUID()}`, redirectUri: REDIRECT_URI }))).toEqual({ code: 'ACCOUNTS.UNAUTHORIZED', message: 'invalid credentials' });
    expect((await rejectionOf(call(AccountsSubjects.authOidcStart, { realm: 'env:nope', redirectUri: REDIRECT_URI }))).code).toBe('ACCOUNTS.VALIDATION');
    expect((await rejectionOf(call(AccountsSubjects.authOidcStart, { realm: 'company', redirectUri: REDIRECT_URI }))).code).toBe('ACCOUNTS.VALIDATION');
  });

  it('should announce a provisioned user with source oidc, so platform can add the person to the pool', async () => {
    const on = await company(true);
    const stranger = `announced-${randomUUID()}@example.com`;
    await callback(await signInAtProvider((await start(on.companyId)).location, stranger));
    const user = await svc.ctx.dataSource.getRepository(User).findOneOrFail({ where: { realm: 'company', email: stranger } });
    const rows = await svc.ctx.dataSource.getRepository(OutboxRecord).find({ where: { subject: Like('%accounts.user.created') } });
    const events = rows.map((r) => JSON.parse(r.payload) as Record<string, unknown>);
    expect(events.find((e) => e.userId === user.id)).toMatchObject({ source: 'oidc', displayName: 'External User', email: stranger, realm: 'company' });
  }, 30000);
});
