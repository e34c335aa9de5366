import { AccountsSubjects } from '@fleet/contracts-accounts';
import { FleetHeaders } from '@fleet/contracts-fleet';
import { fleetServiceSecret } from '@fleet/shared-auth';
import { cleanupStreams, eventually, plainNatsClient, startFleet, TEST_ADMIN, testNatsUrl, uniquePrefix, type FleetUnderTest } from '@fleet/shared-testing';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { decodeJwt } from 'jose';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REFUSED = { code: 'ACCOUNTS.UNAUTHORIZED', message: 'invalid credentials' };

/**
 * Service identity through the gateway, the fleet running as ten processes with one
 * FLEET_SERVICE_SECRET: customer service accounts (created by the company administrator, the
 * client-credentials grant in JSON and form encoding, revocation), and the attacks: a service
 * account token on another company and on internal subjects, a fleet service token at the edge.
 */
describe('service identity through the gateway', () => {
  const prefix = uniquePrefix('e2esvc');
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-e2e-svc-'));
  const serviceSecret = randomBytes(48).toString('base64url');
  let fleet: FleetUnderTest;
  let nc: NatsConnection;
  let admin: string;
  let companyA: string;
  const url = (path: string) => `${fleet.gatewayUrl}${path}`;
  const call = (method: string, path: string, token?: string, body?: unknown) =>
    fetch(url(path), { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body !== undefined ? JSON.stringify(body) : undefined });
  const tokenJson = (client_id: string, client_secret: string) => call('POST', '/api/v1/auth/token', undefined, { grant_type: 'client_credentials', client_id, client_secret });
  const natsAs = async (subject: string, data: unknown, token?: string) => {
    const h = headers();
    if (token) h.set(FleetHeaders.authorization, `Bearer ${token}`);
    const reply = await nc.request(`${prefix}.${subject}`, JSON.stringify({ pattern: subject, data, id: randomUUID() }), { timeout: 5000, headers: h });
    return reply.json<{ err?: { code: string }; response?: unknown }>();
  };

  beforeAll(async () => {
    fleet = await startFleet({ natsUrl: testNatsUrl(), prefix, dataDir, env: { FLEET_SERVICE_SECRET: serviceSecret } });
    nc = await plainNatsClient();
    admin = await eventually(
      async () => {
        const r = await call('POST', '/api/v1/auth/login', undefined, { email: TEST_ADMIN.email, password: TEST_ADMIN.password });
        return r.status === 200 ? ((await r.json()) as { access_token: string }).access_token : undefined;
      },
      'the bootstrap administrator to sign in',
      30000,
      250,
    );
    companyA = String(decodeJwt(admin).cid);
    await eventually(async () => ((await call('GET', `/api/v1/companies/${companyA}/service-accounts`, admin)).status === 200 ? true : undefined), 'the administrator grants', 30000, 250);
  }, 120000);

  afterAll(async () => {
    await nc?.close();
    await fleet?.stop();
    await cleanupStreams(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should let the company administrator create a service account whose credentials yield a company token (JSON and form bodies), until it is revoked', async () => {
    const created = await call('POST', `/api/v1/companies/${companyA}/service-accounts`, admin, { name: 'deploy bot' });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const sa = (await created.json()) as { id: string; clientId: string; clientSecret: string };

    const json = await tokenJson(sa.clientId, sa.clientSecret);
    expect(json.status).toBe(200);
    expect(json.headers.get('cache-control')).toBe('no-store');
    const form = await fetch(url('/api/v1/auth/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sa.clientId, client_secret: sa.clientSecret }).toString(),
    });
    expect(form.status).toBe(200);
    const { access_token, token_type, expires_in } = (await form.json()) as { access_token: string; token_type: string; expires_in: number };
    expect({ token_type, expires_in }).toEqual({ token_type: 'Bearer', expires_in: 900 });

    const me = await call('GET', '/api/v1/me', access_token);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ sub: sa.id, realm: 'company', companyId: companyA, kind: 'service' });

    const listed = (await (await call('GET', `/api/v1/companies/${companyA}/service-accounts`, admin)).json()) as { items: Record<string, unknown>[] };
    expect(listed.items.find((i) => i.id === sa.id)).toMatchObject({ status: 'active' });
    expect(JSON.stringify(listed)).not.toContain(sa.clientSecret);

    const revoked = await call('DELETE', `/api/v1/companies/${companyA}/service-accounts/${sa.id}`, admin);
    expect(revoked.status).toBe(200);
    const again = await tokenJson(sa.clientId, sa.clientSecret);
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject(REFUSED);
  });

  it('should answer one generic 401 for a wrong secret or an unknown client, and 400 for another grant type', async () => {
    const sa = (await (await call('POST', `/api/v1/companies/${companyA}/service-accounts`, admin, { name: 'x' })).json()) as { clientId: string };
    const answers = [await tokenJson(sa.clientId, 'wrong-secret'), await tokenJson(randomUUID(), 'wrong-secret'), await tokenJson('platform', 'wrong-secret')];

    for (const r of answers) {
      expect(r.status).toBe(401);
      const body = (await r.json()) as Record<string, unknown>;
      expect({ code: body.code, message: body.message, details: body.details }).toEqual({ ...REFUSED, details: undefined });
    }
    const bad = await call('POST', '/api/v1/auth/token', undefined, { grant_type: 'password', client_id: 'x', client_secret: 'y' });
    expect(bad.status).toBe(400);
  });

  it("should keep a company's service account token away from another company and from the internal subjects", async () => {
    const companyB = ((await (await call('POST', '/api/v1/companies', admin, { name: `B ${prefix}`, slug: `b-${randomUUID().slice(0, 8)}` })).json()) as { id: string }).id;
    const sa = (await (await call('POST', `/api/v1/companies/${companyA}/service-accounts`, admin, { name: 'a-bot' })).json()) as { clientId: string; clientSecret: string };
    const token = ((await (await tokenJson(sa.clientId, sa.clientSecret)).json()) as { access_token: string }).access_token;

    expect((await call('GET', `/api/v1/companies/${companyB}`, token)).status).toBe(404);
    expect((await call('GET', `/api/v1/companies/${companyB}/realm`, token)).status).toBe(404);
    expect((await call('GET', `/api/v1/companies/${companyB}/service-accounts`, token)).status).toBe(404);
    for (const [subject, data] of [
      [AccountsSubjects.userCreate, { realm: 'company', companyId: companyA, email: `sa-${randomUUID()}@example.test`, displayName: 'SA' }],
      [AccountsSubjects.sessionCheck, { sessionId: String(decodeJwt(admin).sid) }],
    ] as const) {
      expect((await natsAs(subject, data, token)).err?.code).toBe('ACCOUNTS.UNAUTHORIZED');
    }
  });

  it('should refuse an internal fleet service token at the edge and on other services, and let only platform create users', async () => {
    const platformToken = ((await (await tokenJson('platform', fleetServiceSecret(serviceSecret, 'platform'))).json()) as { access_token: string }).access_token;
    const gatewayToken = ((await (await tokenJson('gateway', fleetServiceSecret(serviceSecret, 'gateway'))).json()) as { access_token: string }).access_token;
    expect(decodeJwt(platformToken)).toMatchObject({ sub: 'svc:platform', realm: 'fleet', kind: 'service' });

    for (const path of ['/api/v1/me', '/api/v1/companies', `/api/v1/companies/${companyA}/realm`]) expect((await call('GET', path, platformToken)).status).toBe(401);
    expect((await natsAs('platform.company.list', {}, platformToken)).err?.code).toMatch(/UNAUTHORIZED$/);
    const user = { realm: 'company', companyId: companyA, email: `svc-${randomUUID()}@example.test`, displayName: 'Made by platform' };
    expect((await natsAs(AccountsSubjects.userCreate, user, gatewayToken)).err?.code).toBe('ACCOUNTS.UNAUTHORIZED');
    expect(await natsAs(AccountsSubjects.userCreate, user, platformToken)).toMatchObject({ response: { created: true } });
  });
});
