import { AccountsEvents } from '@fleet/contracts-accounts';
import { streamNameOf } from '@fleet/contracts-fleet';
import { cleanupStreams, eventually, plainNatsClient, signInAtOidcProvider, startFleet, startOidcProvider, TEST_ADMIN, testNatsUrl, uniquePrefix, type FleetUnderTest, type LocalOidcProvider } from '@fleet/shared-testing';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Reply {
  access_token?: string;
  refresh_token?: string;
  mfa_required?: true;
  mfa_ticket?: string;
  [k: string]: unknown;
}

/**
 * Passwords, password reset and MFA through the gateway (issue 3): the bootstrap administrator's
 * company turns on MFA by e-mailed code; signing in then needs the code, read here from JetStream
 * (`accounts.otp.issued`) as smtp will read it. The fleet runs as ten processes.
 */
describe('identity: security policy, MFA and password reset through the gateway', () => {
  const prefix = uniquePrefix('e2eidn');
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-e2e-identity-'));
  let fleet: FleetUnderTest;
  let nc: NatsConnection;
  let token: string;
  let companyId: string;
  let password: string = TEST_ADMIN.password;
  const url = (path: string) => `${fleet.gatewayUrl}${path}`;
  const send = async (method: string, path: string, body?: unknown, bearer?: string): Promise<{ status: number; body: Reply; headers: Headers }> => {
    const r = await fetch(url(path), {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : {}) as Reply, headers: r.headers };
  };
  /** The last event on `subject` for the administrator, read from the accounts stream as smtp would. */
  const lastEvent = async <T extends { email: string }>(subject: string, after?: (e: T) => boolean): Promise<T> => {
    const jsm = await jetstreamManager(nc);
    return eventually(async () => {
      const m = await jsm.streams.getMessage(streamNameOf('accounts', `${prefix}.`), { last_by_subj: `${prefix}.${subject}` }).catch(() => undefined);
      const e = m?.json<T>();
      return e?.email === TEST_ADMIN.email && (!after || after(e)) ? e : undefined;
    }, `${subject} for the administrator`);
  };

  beforeAll(async () => {
    fleet = await startFleet({ natsUrl: testNatsUrl(), prefix, dataDir });
    nc = await plainNatsClient();
    const pair = await eventually(
      async () => {
        const r = await send('POST', '/api/v1/auth/login', { email: TEST_ADMIN.email, password });
        return r.status === 200 ? r.body : undefined;
      },
      'the bootstrap administrator to sign in',
      30000,
      250,
    );
    token = pair.access_token!;
    companyId = ((await send('GET', '/api/v1/me', undefined, token)).body as { companyId: string }).companyId;
  }, 120000);

  afterAll(async () => {
    await nc?.close();
    await fleet?.stop();
    await cleanupStreams(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should read and validate the company security policy', async () => {
    const got = await send('GET', `/api/v1/companies/${companyId}/security-policy`, undefined, token);
    expect(got).toMatchObject({ status: 200, body: { realm: 'company', passwordMinLength: 12, mfa: 'off' } });
    const bad = await send('PUT', `/api/v1/companies/${companyId}/security-policy`, { passwordMinLength: 3, mfa: 'sms' }, token);
    expect(bad.status).toBe(400);
    expect((bad.body.details as { fields: { path: string }[] }).fields.map((f) => f.path).sort()).toEqual(['mfa', 'passwordMinLength']);
    expect((await send('GET', `/api/v1/companies/${randomUUID()}/security-policy`, undefined, token)).status).toBe(404);
  });

  it('should sign in with the e-mailed one-time code once the company turns MFA on', async () => {
    expect(await send('PUT', `/api/v1/companies/${companyId}/security-policy`, { mfa: 'email' }, token)).toMatchObject({ status: 200, body: { mfa: 'email' } });
    const first = await send('POST', '/api/v1/auth/login', { email: TEST_ADMIN.email, password });
    expect(first).toMatchObject({ status: 200, body: { mfa_required: true, mfa_ticket: expect.any(String), expires_in: 300 } });
    expect(first.body.access_token).toBeUndefined();
    const { code } = await lastEvent<{ email: string; code: string }>(AccountsEvents.otpIssued);
    const wrong = await send('POST', '/api/v1/auth/mfa', { ticket: first.body.mfa_ticket, code: code === '000000' ? '000001' : '000000' });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'ACCOUNTS.UNAUTHORIZED', message: 'invalid credentials' } });
    const done = await send('POST', '/api/v1/auth/mfa', { ticket: first.body.mfa_ticket, code });
    expect(done).toMatchObject({ status: 200, body: { access_token: expect.any(String), token_type: 'Bearer' } });
    expect(done.headers.get('cache-control')).toBe('no-store');
    expect((await send('GET', '/api/v1/me', undefined, done.body.access_token)).status).toBe(200);
    token = done.body.access_token!;
    expect((await send('PUT', `/api/v1/companies/${companyId}/security-policy`, { mfa: 'off' }, token)).status).toBe(200);
  });

  it('should change the own password (policy enforced) and reset it by the e-mailed token', async () => {
    const weak = await send('POST', '/api/v1/me/password', { currentPassword: password, newPassword: 'short' }, token);
    expect(weak.status).toBe(400);
    expect(weak.body.details).toMatchObject({ fields: expect.arrayContaining([expect.objectContaining({ path: 'newPassword' })]) });
    const changed = await send('POST', '/api/v1/me/password', { currentPassword: password, newPassword: 'Changed-Admin-Pass-7' }, token);
    expect(changed).toMatchObject({ status: 200, body: { revokedSessions: expect.any(Number) } });
    password = 'Changed-Admin-Pass-7';

    const unknown = await send('POST', '/api/v1/auth/password-reset', { email: `nobody-${randomUUID()}@example.test` });
    const known = await send('POST', '/api/v1/auth/password-reset', { email: TEST_ADMIN.email });
    expect(known).toEqual({ ...unknown, headers: known.headers });
    expect(known).toMatchObject({ status: 202, body: { accepted: true } });
    const { token: resetToken } = await lastEvent<{ email: string; token: string }>(AccountsEvents.passwordResetRequested);
    const done = await send('POST', '/api/v1/auth/password-reset/complete', { token: resetToken, newPassword: 'Reset-Admin-Pass-8' });
    expect(done).toMatchObject({ status: 200, body: { revokedSessions: expect.any(Number) } });
    expect((await send('POST', '/api/v1/auth/password-reset/complete', { token: resetToken, newPassword: 'Reset-Admin-Pass-9' })).status).toBe(401);
    expect((await send('POST', '/api/v1/auth/login', { email: TEST_ADMIN.email, password })).status).toBe(401);
    const again = await send('POST', '/api/v1/auth/login', { email: TEST_ADMIN.email, password: 'Reset-Admin-Pass-8' });
    expect(again.status).toBe(200);
    password = 'Reset-Admin-Pass-8';
    token = again.body.access_token!;
  });

  it("should walk the README: subscription, project, two environments, an invited collaborator who sees that project and nothing else", async () => {
    const sub = await send('POST', '/api/v1/subscriptions', { companyId, kind: 'studio', name: 'Studio' }, token);
    expect(sub.status).toBe(201);
    const project = await send('POST', '/api/v1/projects', { subscriptionId: sub.body.id, name: 'Purchasing' }, token);
    const other = await send('POST', '/api/v1/projects', { subscriptionId: sub.body.id, name: 'Human resources' }, token);
    expect([project.status, other.status]).toEqual([201, 201]);
    for (const kind of ['development', 'production']) expect((await send('POST', `/api/v1/projects/${String(project.body.id)}/environments`, { kind }, token)).status).toBe(201);
    const email = `collaborator-${randomUUID()}@example.test`;
    const invited = await send('POST', '/api/v1/invitations', { companyId, email, role: 'collaborator', resourceId: project.body.id }, token);
    expect(invited).toMatchObject({ status: 201, body: { status: 'pending', email } });
    // the e-mail's token, read from JetStream as smtp reads it
    const jsm = await jetstreamManager(nc);
    const { token: invitation } = await eventually(async () => {
      const m = await jsm.streams.getMessage(streamNameOf('platform', `${prefix}.`), { last_by_subj: `${prefix}.platform.invitation.issued` }).catch(() => undefined);
      const e = m?.json<{ email: string; token: string }>();
      return e?.email === email ? e : undefined;
    }, 'the invitation e-mail event');
    const accepted = await send('POST', '/api/v1/invitations/accept', { token: invitation, password: 'Collaborator-Pass-42' });
    expect(accepted.status).toBe(200);
    expect((await send('POST', '/api/v1/invitations/accept', { token: invitation, password: 'Collaborator-Pass-42' })).status).toBe(404);
    const signedIn = await send('POST', '/api/v1/auth/login', { email, password: 'Collaborator-Pass-42' });
    expect(signedIn.status).toBe(200);
    const mine = signedIn.body.access_token!;
    const projects = (await send('GET', '/api/v1/projects', undefined, mine)).body as unknown as { items: { id: string; name: string }[] };
    expect(projects.items.map((p) => p.name)).toEqual(['Purchasing']);
    expect((await send('GET', `/api/v1/projects/${String(project.body.id)}/environments`, undefined, mine)).body).toMatchObject({ items: [expect.objectContaining({ kind: 'development' }), expect.objectContaining({ kind: 'production' })] });
    expect((await send('GET', `/api/v1/projects/${String(other.body.id)}`, undefined, mine)).status).toBe(404);
    expect((await send('GET', `/api/v1/companies/${companyId}/users`, undefined, mine)).status).toBe(403);
  });

  describe('sign-in through an external OpenID Connect provider (a real oidc-provider on loopback)', () => {
    const CLIENT_ID = 'fleet-e2e-client';
    const CLIENT_SECRET = 'fleet-e2e-client-secret-0123456789';
    /** The browser's landing page: the provider redirects there, the test reads `code` and `state`. */
    const REDIRECT_URI = 'http://127.0.0.1:1/portal/oidc-callback';
    let provider: LocalOidcProvider;
    const users = async (path: string) => ((await send('GET', path, undefined, token)).body as unknown as { items: { id: string; email: string }[] }).items;
    /** start (302 from the gateway) → the provider's pages → callback through the gateway. */
    const signIn = async (query: string, login: string) => {
      const started = await fetch(url(`/api/v1/auth/oidc/start?${query}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`), { redirect: 'manual' });
      expect(started.status).toBe(302);
      const location = started.headers.get('location')!;
      expect(new URL(location).origin).toBe(provider.issuer);
      expect(new URL(location).searchParams.get('code_challenge_method')).toBe('S256');
      const back = await signInAtOidcProvider(location, login, REDIRECT_URI);
      return send('GET', `/api/v1/auth/oidc/callback?code=${encodeURIComponent(back.code)}&state=${encodeURIComponent(back.state)}`);
    };

    beforeAll(async () => {
      provider = await startOidcProvider(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI);
    });
    afterAll(() => provider?.stop());

    it('should sign a new person into the company realm and add them to the user pool, with no role', async () => {
      const configured = await send('PUT', `/api/v1/companies/${companyId}/identity-provider`, { issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, provision: true }, token);
      expect(configured).toMatchObject({ status: 200, body: { realm: 'company', provision: true } });
      expect(JSON.stringify(configured.body)).not.toContain(CLIENT_SECRET);
      const email = `external-${randomUUID()}@example.test`;
      const done = await signIn(`realm=company&companyId=${companyId}`, email);
      expect(done).toMatchObject({ status: 200, body: { access_token: expect.any(String), token_type: 'Bearer' } });
      expect(done.headers.get('cache-control')).toBe('no-store');
      expect((await send('GET', '/api/v1/me', undefined, done.body.access_token)).body).toMatchObject({ realm: 'company', companyId });
      // platform adds the person to the pool from accounts' event; with no role they can do nothing yet
      await eventually(async () => (await users(`/api/v1/companies/${companyId}/users?limit=500`)).find((u) => u.email === email), 'the provisioned person in the user pool');
      expect((await send('GET', '/api/v1/projects', undefined, done.body.access_token)).body).toMatchObject({ items: [] });
      // the state works once
      expect((await send('GET', `/api/v1/auth/oidc/callback?code=x&state=${'s'.repeat(43)}`)).status).toBe(401);
    }, 60000);

    it("should sign an end user into an environment realm through that realm's provider, as a Work Portal user of it", async () => {
      const sub = await send('POST', '/api/v1/subscriptions', { companyId, kind: 'automation', name: `OIDC ${randomUUID().slice(0, 8)}` }, token);
      const subscriptionId = sub.status === 201 || sub.status === 200 ? sub.body.id : ((await send('GET', `/api/v1/subscriptions?companyId=${companyId}`, undefined, token)).body as unknown as { items: { id: string; kind: string }[] }).items.find((s) => s.kind === 'automation')!.id;
      const project = await send('POST', '/api/v1/projects', { subscriptionId, name: `OIDC portal ${randomUUID().slice(0, 8)}` }, token);
      expect(project.status).toBe(201);
      const env = await send('POST', `/api/v1/projects/${String(project.body.id)}/environments`, { kind: 'production' }, token);
      expect(env.status).toBe(201);
      const environmentId = String(env.body.id);
      const configured = await send('PUT', `/api/v1/environments/${environmentId}/identity-provider`, { issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, provision: true }, token);
      expect(configured).toMatchObject({ status: 200, body: { realm: `env:${environmentId}`, provision: true } });

      const email = `worker-${randomUUID()}@example.test`;
      const done = await signIn(`realm=env:${environmentId}`, email);
      expect(done.status).toBe(200);
      expect((await send('GET', '/api/v1/me', undefined, done.body.access_token)).body).toMatchObject({ realm: `env:${environmentId}`, companyId });
      await eventually(async () => (await users(`/api/v1/environments/${environmentId}/users`)).find((u) => u.email === email), 'the provisioned Work Portal user');
      // an environment realm's token is no admin-plane token
      expect((await send('GET', '/api/v1/companies', undefined, done.body.access_token)).status).toBe(401);
    }, 60000);
  });
});
