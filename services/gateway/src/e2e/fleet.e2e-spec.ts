import type { SpanRecord } from '@fleet/shared-telemetry';
import { BackendServices, cleanupStreams, eventually, startFleet, TEST_ADMIN, testNatsUrl, uniquePrefix, type FleetUnderTest } from '@fleet/shared-testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface HealthBody {
  status: 'up' | 'down';
  services: Record<string, { status: 'up' | 'down'; error?: string }>;
}

/**
 * The fleet as ten real processes on real NATS, driven over HTTP through the gateway only.
 * Tests run in order and share one fleet (starting one takes seconds).
 */
describe('the fleet through the gateway', () => {
  const prefix = uniquePrefix('e2e');
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-e2e-'));
  /** Every service writes its spans here (OTEL_TRACES_EXPORTER=file). */
  const traceFile = join(dataDir, 'traces.jsonl');
  let fleet: FleetUnderTest;
  /** The bootstrap administrator's access token: every route but health, docs and sign-in needs one. */
  let token: string;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${fleet.gatewayUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });
  const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const health = async () => {
    const r = await api('/api/v1/health');
    return { status: r.status, body: (await r.json()) as HealthBody };
  };

  beforeAll(async () => {
    fleet = await startFleet({ natsUrl: testNatsUrl(), prefix, dataDir, env: { FLEET_REQUEST_TIMEOUT_MS: '1500', OTEL_TRACES_EXPORTER: 'file', FLEET_TRACE_FILE: traceFile, GATEWAY_RATE_LIMIT_IP_PER_SECOND: '0' } });
    // platform creates the administrator in accounts at first start, asynchronously
    token = await eventually(
      async () => {
        const r = await fetch(`${fleet.gatewayUrl}/api/v1/auth/login`, json({ email: TEST_ADMIN.email, password: TEST_ADMIN.password }));
        return r.status === 200 ? ((await r.json()) as { access_token: string }).access_token : undefined;
      },
      'the bootstrap administrator to sign in',
      30000,
      250,
    );
  }, 120000);

  afterAll(async () => {
    await fleet?.stop();
    await cleanupStreams(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should report all nine services behind the gateway up', async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.status).toBe('up');
    expect(Object.keys(body.services).sort()).toEqual([...BackendServices].sort());
    expect(Object.values(body.services).every((s) => s.status === 'up')).toBe(true);
  });

  it('should refuse the company routes without a valid token (401, Bearer challenge) and change nothing', async () => {
    for (const authorization of ['', 'Bearer not-a-token', `Bearer ${token.slice(0, -3)}abc`]) {
      const r = await fetch(`${fleet.gatewayUrl}/api/v1/companies`, { ...json({ name: 'Sneaky', slug: 'sneaky' }), headers: { 'content-type': 'application/json', authorization } });
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
      expect(await r.json()).toEqual({ code: 'GATEWAY.UNAUTHORIZED', message: expect.any(String), requestId: r.headers.get('x-request-id') });
    }
    expect((await api('/api/v1/companies/by-slug-does-not-exist')).status).toBe(400);
    const slugs = ((await (await api('/api/v1/companies?limit=200')).json()) as { items: { slug: string }[] }).items.map((c) => c.slug);
    expect(slugs).not.toContain('sneaky');
  });

  it('should carry a company HTTP → gateway → NATS → platform → database → JetStream → accounts and back', async () => {
    const created = await api('/api/v1/companies', json({ name: 'Acme Process Co', slug: 'acme-process' }));
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toMatch(/.{8,}/);
    const company = (await created.json()) as { id: string; slug: string };
    const read = await api(`/api/v1/companies/${company.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: company.id, slug: 'acme-process' });
    const realm = await eventually(async () => {
      const r = await api(`/api/v1/companies/${company.id}/realm`);
      return r.status === 200 ? ((await r.json()) as { companyId: string; kind: string }) : undefined;
    }, "the company's realm in accounts");
    expect(realm).toMatchObject({ companyId: company.id, kind: 'company' });
  });

  it('should follow one HTTP request as one connected trace: gateway → NATS → platform → database → JetStream → accounts', async () => {
    // the caller (a proxy) starts the trace: every span of this request carries its trace id
    const traceId = randomBytes(16).toString('hex');
    const rootSpanId = randomBytes(8).toString('hex');
    const created = await api('/api/v1/companies', { ...json({ name: 'Traced Co', slug: 'traced-co' }), headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${rootSpanId}-01` } });
    expect(created.status).toBe(201);
    const spansOf = () =>
      readFileSync(traceFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as SpanRecord)
        .filter((sp) => sp.traceId === traceId);
    // accounts provisions the realm from platform's event, after the HTTP answer: wait for its span
    const spans = await eventually(async () => {
      const all = spansOf();
      return all.some((sp) => sp.service === 'accounts' && sp.name === 'platform.company.created process') ? all : undefined;
    }, "accounts' span of platform.company.created");
    const ids = new Set(spans.map((sp) => sp.spanId));
    // connected: every span's parent is the caller's span or another span of this trace
    expect(spans.filter((sp) => sp.parentSpanId !== rootSpanId && !ids.has(sp.parentSpanId ?? ''))).toEqual([]);
    expect(new Set(spans.map((sp) => sp.service))).toEqual(new Set(['gateway', 'platform', 'accounts']));
    const names = spans.map((sp) => `${sp.service}: ${sp.name}`);
    expect(names).toEqual(
      expect.arrayContaining(['gateway: POST /api/v1/companies', 'gateway: platform.company.create send', 'platform: platform.company.create process', 'platform: db.query', 'accounts: platform.company.created process', 'accounts: db.query']),
    );
    // the gateway's span is the caller's child; platform's handler is the child of the gateway's request span
    const http = spans.find((sp) => sp.name === 'POST /api/v1/companies')!;
    expect(http.parentSpanId).toBe(rootSpanId);
    const send = spans.find((sp) => sp.name === 'platform.company.create send')!;
    expect(spans.find((sp) => sp.name === 'platform.company.create process')!.parentSpanId).toBe(send.spanId);
  });

  it('should refuse a malformed body with 400 naming the fields, and change nothing', async () => {
    const before = ((await (await api('/api/v1/companies')).json()) as { total: number }).total;
    const r = await api('/api/v1/companies', json({ name: 'x', slug: 'Bad Slug!', role: 'admin' }));
    expect(r.status).toBe(400);
    const body = (await r.json()) as { code: string; details: { fields: { path: string }[] }; requestId: string };
    expect(body.code).toBe('GATEWAY.VALIDATION');
    expect(body.details.fields.map((f) => f.path).sort()).toEqual(['name', 'role', 'slug']);
    expect(body.requestId).toBe(r.headers.get('x-request-id'));
    const broken = await api('/api/v1/companies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(broken.status).toBe(400);
    expect(((await (await api('/api/v1/companies')).json()) as { total: number }).total).toBe(before);
  });

  it('should answer 409 with the service error code for a duplicate', async () => {
    const r = await api('/api/v1/companies', json({ name: 'Another', slug: 'acme-process' }));
    expect(r.status).toBe(409);
    expect(await r.json()).toMatchObject({ code: 'PLATFORM.CONFLICT', details: { field: 'slug' } });
  });

  it('should answer 503 with Retry-After within 2 s once a service is killed, keep the others answering, and recover with its data after restart', async () => {
    const first = ((await (await api('/api/v1/companies?limit=200')).json()) as { items: { id: string; slug: string }[] }).items.find((c) => c.slug === 'acme-process')!;
    const created = (await (await api('/api/v1/companies', json({ name: 'Survivor', slug: 'survivor' }))).json()) as { id: string };
    // killed right after the acknowledged write: its event may still be in the outbox
    await fleet.services.platform.kill('SIGKILL');
    try {
      await expectPlatformDownBehaviour(created.id, first.id);
    } finally {
      fleet.services.platform.start(); // also when an expectation failed: the next tests need platform
    }
    await fleet.services.platform.ready();
    expect((await health()).body.status).toBe('up');
    const back = await api(`/api/v1/companies/${created.id}`);
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ id: created.id, slug: 'survivor' });
    // nothing acknowledged is lost: the event reaches accounts once platform is back
    await eventually(async () => ((await api(`/api/v1/companies/${created.id}/realm`)).status === 200 ? true : undefined), "the survivor's realm");
  });

  /** With platform killed: its routes 503 at once with Retry-After, the rest answers. */
  async function expectPlatformDownBehaviour(createdId: string, firstId: string): Promise<void> {
    const t0 = Date.now();
    const r = await api(`/api/v1/companies/${createdId}`);
    expect(r.status).toBe(503);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r.headers.get('retry-after')).toBe('1');
    expect(await r.json()).toMatchObject({ code: 'FLEET.UNAVAILABLE' });

    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body.services.platform.status).toBe('down');
    expect(Object.entries(down.body.services).filter(([n, s]) => n !== 'platform' && s.status !== 'up')).toEqual([]);
    // what does not need platform keeps answering (the realm route asks platform's permission API, so it is 503 too)
    expect((await api('/api/v1/me')).status).toBe(200);
    expect((await api('/.well-known/jwks.json')).status).toBe(200);
    expect((await api(`/api/v1/companies/${firstId}/realm`)).status).toBe(503);
  }

  it('should show a service whose database is broken as down, and the others up', async () => {
    const file = join(dataDir, 'catalog.db');
    copyFileSync(file, `${file}.bak`);
    writeFileSync(file, 'this is not a SQLite database, it is garbage written over the header');
    try {
      const { status, body } = await health();
      expect(status).toBe(503);
      expect(body.services.catalog).toMatchObject({ status: 'down', error: expect.stringMatching(/database/) });
      expect(Object.entries(body.services).filter(([n, s]) => n !== 'catalog' && s.status !== 'up')).toEqual([]);
      expect((await fetch(`http://127.0.0.1:${fleet.services.catalog.healthPort}/readyz`)).status).toBe(503);
    } finally {
      copyFileSync(`${file}.bak`, file);
    }
    await eventually(async () => ((await health()).status === 200 ? true : undefined), 'health to be up again');
  });

  it('should answer 504 when a service does not answer in time, without hanging', async () => {
    // a rogue subscriber that swallows requests in platform's queue group while platform is stopped
    await fleet.services.platform.kill('SIGTERM');
    const nc: NatsConnection = await connect({ servers: testNatsUrl().split(',') });
    const sub = nc.subscribe(`${prefix}.platform.company.list`, { queue: 'platform', callback: () => undefined });
    try {
      await nc.flush();
      const t0 = Date.now();
      const r = await api('/api/v1/companies');
      expect(r.status).toBe(504);
      expect(Date.now() - t0).toBeLessThan(4000);
      expect(await r.json()).toMatchObject({ code: 'FLEET.TIMEOUT' });
    } finally {
      sub.unsubscribe();
      await nc.close();
      fleet.services.platform.start();
      await fleet.services.platform.ready();
    }
  });

  it('should serve the OpenAPI document of every route', async () => {
    const doc = (await (await api('/api/docs-json')).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> } };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/.well-known/jwks.json',
        '/api/v1/auth/login',
        '/api/v1/auth/logout',
        '/api/v1/auth/refresh',
        '/api/v1/companies',
        '/api/v1/companies/{companyId}',
        '/api/v1/companies/{companyId}/realm',
        '/api/v1/health',
        '/api/v1/me',
      ]),
    );
    expect(doc.components.schemas).toEqual(expect.objectContaining({ CreateCompanyRequest: expect.any(Object), LoginBody: expect.any(Object), TokenPairReply: expect.any(Object), Principal: expect.any(Object) }));
    expect(doc.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
    const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.filter((name) => !(name in doc.components.schemas))).toEqual([]);
    expect((await api('/api/docs')).status).toBe(200);
  });

  it('should enforce exactly the security the OpenAPI document declares: 401 without a token on every bearer route, never on the others', async () => {
    const doc = (await (await api('/api/docs-json')).json()) as { paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>> };
    const mismatches: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const secured = (op.security ?? []).some((s) => 'bearer' in s);
        const concrete = path.replace(/\{[^}]+\}/g, '3f1c9b0e-7a52-4c1d-9e8f-0a1b2c3d4e5f');
        const body = ['post', 'put', 'patch'].includes(method) ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {};
        const r = await fetch(`${fleet.gatewayUrl}${concrete}`, { method: method.toUpperCase(), ...body });
        if (secured !== (r.status === 401)) mismatches.push(`${method.toUpperCase()} ${path}: ${secured ? 'bearer' : 'public'} in the document, ${r.status} without a token`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('should stop a service cleanly on SIGTERM (exit code 0)', async () => {
    await expect(fleet.services.smtp.kill('SIGTERM')).resolves.toEqual({ code: 0, signal: null });
  });
});
