import { AccountsSubjects, type OidcProviderReply, type OidcStartReply, type TokenPairReply } from '@fleet/contracts-accounts';
import type { RunningService } from '@fleet/shared-service-kit';
import { plainNatsClient, TEST_ENGINES, uniquePrefix } from '@fleet/shared-testing';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createdUser, login, rejectionOf, startAccounts, STRONG_PASSWORD, verifyAccessToken } from '../test/accounts-harness';
import { User } from '../users/user.entity';

const CLIENT_ID = 'fleet-test-client';
const CLIENT_SECRET = 'fleet-test-client-secret-0123456789';
/** The callback the test controls: the provider redirects there, the test reads `code` and `state` from the URL. */
const REDIRECT_URI = 'http://127.0.0.1:1/oidc/callback';

/** A real oidc-provider in its own process; resolves with its issuer once it listens. */
async function startProvider(): Promise<{ issuer: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [join(__dirname, 'test/oidc-provider-fixture.cjs'), CLIENT_ID, CLIENT_SECRET, REDIRECT_URI], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`oidc-provider exited (${code})`)));
  });
  return { issuer: (JSON.parse(line) as { issuer: string }).issuer, proc };
}

/** The browser: follows the provider's redirects and interaction pages with a cookie jar, until it is sent to REDIRECT_URI. */
async function signInAtProvider(location: string, login: string): Promise<{ code: string; state: string }> {
  const jar = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (value && !/expires=Thu, 01 Jan 1970/i.test(c)) jar.set(name, value);
      else jar.delete(name);
    }
    return res;
  };
  const form = (fields: Record<string, string>): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  let url = location;
  for (let hop = 0; hop < 12; hop++) {
    if (url.startsWith(REDIRECT_URI)) {
      const back = new URL(url).searchParams;
      return { code: back.get('code') ?? '', state: back.get('state') ?? '' };
    }
    let res = await send(url);
    if (res.status === 200 && /\/interaction\//.test(url)) {
      const page = await res.text();
      // the dev interaction pages: a login form, then a consent form, both posted back to the same URL
      res = await send(url, form(/name="login"/.test(page) ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' }));
    }
    const next = res.headers.get('location');
    if (!next) throw new Error(`the provider answered ${res.status} at ${url} without a redirect: ${(await res.text()).slice(0, 300)}`);
    url = new URL(next, url).toString();
  }
  throw new Error('too many redirects at the provider');
}

describe.each(TEST_ENGINES)('accounts sign-in through an external OpenID Connect provider on %s', (engine) => {
  const prefix = uniquePrefix(`acco${engine}`);
  let svc: RunningService;
  let stop: () => Promise<void>;
  let nc: NatsConnection;
  let sub: Subscription;
  let provider: { issuer: string; proc: ChildProcess };

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
    provider = await startProvider();
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
    provider?.proc.kill();
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
});
