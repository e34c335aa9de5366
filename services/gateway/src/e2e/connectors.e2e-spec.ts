import { envPrefixOf } from '@fleet/contracts-fleet';
import { cleanupStreams, eventually, freePort, ServiceProcess, TEST_ADMIN, testNatsUrl, uniquePrefix } from '@fleet/shared-testing';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Json = Record<string, unknown> & { items?: Json[] };

/** The services this flow needs, as real processes (the whole fleet would only add idle load). */
const NEEDED = ['accounts', 'platform', 'connector', 'gateway'] as const;

async function startServices(o: { prefix: string; dataDir: string; env: Record<string, string> }): Promise<{ gatewayUrl: string; stop: () => Promise<void> }> {
  mkdirSync(join(o.dataDir, 'logs'), { recursive: true });
  const gatewayPort = await freePort();
  const serviceSecret = randomBytes(48).toString('base64url');
  const procs: ServiceProcess[] = [];
  for (const name of NEEDED) {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NATS_URL: testNatsUrl(),
      FLEET_SUBJECT_PREFIX: o.prefix,
      [`${envPrefixOf(name)}_DB_URL`]: `sqlite:${join(o.dataDir, `${name}.db`)}`,
      [`${envPrefixOf(name)}_HEALTH_PORT`]: String(await freePort()),
      GATEWAY_PORT: String(gatewayPort),
      FLEET_SERVICE_SECRET: serviceSecret,
      FLEET_ADMIN_EMAIL: TEST_ADMIN.email,
      FLEET_ADMIN_PASSWORD: TEST_ADMIN.password,
      ...o.env,
    };
    procs.push(new ServiceProcess(name, Number(env[`${envPrefixOf(name)}_HEALTH_PORT`]), env, join(o.dataDir, 'logs', `${name}.log`)));
  }
  const stop = async () => {
    await Promise.all(procs.map((p) => p.kill('SIGTERM')));
  };
  try {
    for (const p of procs) p.start();
    await Promise.all(procs.map((p) => p.ready(180000)));
  } catch (err) {
    await stop();
    throw err;
  }
  return { gatewayUrl: `http://127.0.0.1:${gatewayPort}`, stop };
}

/**
 * Connectors through the gateway, the services as real processes (issue 5): an administrator sets the
 * environment's parameters (secrets by reference, resolved from a secrets directory) and outbound
 * policy, puts connector definitions, test-calls them against a real HTTP server on loopback (API
 * key and OAuth 2.0 client credentials), and reads the invocation log. Canary secret values are then
 * searched for in EVERY answer and in the log files of every service process: they must not appear.
 */
describe('connectors through the gateway', () => {
  const prefix = uniquePrefix('e2econn');
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-e2e-connectors-'));
  const secretsDir = mkdtempSync(join(tmpdir(), 'fleet-e2e-secrets-'));
  const canaries = { apiKey: `canary-key-${randomBytes(6).toString('hex')}`, oauth: `canary-oauth-${randomBytes(6).toString('hex')}`, token: `canary-token-${randomBytes(6).toString('hex')}` };
  const answers: string[] = [];
  let fleet: { gatewayUrl: string; stop: () => Promise<void> };
  let target: Server;
  let targetUrl: string;
  let token: string;
  let environmentId: string;
  const seen: { path: string; headers: Record<string, unknown> }[] = [];

  const send = async (method: string, path: string, body?: unknown, bearer = token): Promise<{ status: number; body: Json }> => {
    const r = await fetch(`${fleet.gatewayUrl}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    answers.push(text, JSON.stringify([...r.headers.entries()]));
    return { status: r.status, body: (text ? JSON.parse(text) : {}) as Json };
  };
  const ok = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const r = await send(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const conn = (path: string) => `/api/v1/environments/${environmentId}/connectors${path}`;

  beforeAll(async () => {
    // the external system: echoes what it got (credentials included) and issues OAuth tokens
    target = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ path: req.url ?? '', headers: req.headers });
        res.setHeader('content-type', 'application/json');
        if (req.url === '/oauth/token') {
          const basic = Buffer.from((req.headers.authorization ?? '').slice(6), 'base64').toString();
          res.statusCode = basic === `fleet:${canaries.oauth}` ? 200 : 401;
          res.end(JSON.stringify(res.statusCode === 200 ? { access_token: canaries.token, token_type: 'Bearer', expires_in: 600 } : { error: 'invalid_client' }));
          return;
        }
        res.end(JSON.stringify({ customer: { name: 'Ann' }, youSent: req.headers }));
      });
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const a = target.address();
    targetUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    fleet = await startServices({ prefix, dataDir, env: { FLEET_SECRETS_DIR: secretsDir, LOG_LEVEL: 'debug' } });
    token = await eventually(
      async () => {
        const r = await send('POST', '/api/v1/auth/login', { email: TEST_ADMIN.email, password: TEST_ADMIN.password }, '');
        return r.status === 200 ? String(r.body.access_token) : undefined;
      },
      'the administrator to sign in',
      30000,
      250,
    );
    const me = await ok('GET', '/api/v1/me');
    await eventually(() => ok('GET', '/api/v1/me/access').then((r) => ((r.grants as unknown[]).length >= 2 ? true : undefined), () => undefined), 'the bootstrap grants');
    const subscription = await ok('POST', '/api/v1/subscriptions', { companyId: me.companyId, kind: 'automation', name: 'Automation' });
    const project = await ok('POST', '/api/v1/projects', { subscriptionId: subscription.id, name: 'Connectors' });
    environmentId = String((await ok('POST', `/api/v1/projects/${String(project.id)}/environments`, { kind: 'development' })).id);
    writeFileSync(join(secretsDir, `${environmentId}-crm-key`), canaries.apiKey);
    writeFileSync(join(secretsDir, `${environmentId}-oauth-secret`), canaries.oauth);
  }, 300000);

  afterAll(async () => {
    await fleet?.stop();
    await new Promise((r) => target?.close(r));
    await cleanupStreams(prefix);
    if (!process.env.KEEP_E2E_DATA) rmSync(dataDir, { recursive: true, force: true });
    rmSync(secretsDir, { recursive: true, force: true });
  });

  it('should configure, test-call with an API key and with OAuth, and log the invocations', async () => {
    expect(await ok('GET', conn('/outbound-policy'))).toStrictEqual({ environmentId, allowHttp: false, allowPrivateNetworks: false });
    await ok('PUT', conn('/outbound-policy'), { allowHttp: true, allowPrivateNetworks: true });
    await ok('PUT', conn('/parameters/BASE_URL'), { secret: false, value: targetUrl });
    await ok('PUT', conn('/parameters/API_KEY'), { secret: true, secretRef: 'crm-key' });
    await ok('PUT', conn('/parameters/OAUTH_SECRET'), { secret: true, secretRef: 'oauth-secret' });
    const leak = await send('PUT', conn('/parameters/LEAK'), { secret: true, value: canaries.apiKey });
    await ok('PUT', conn('/definitions/crm'), {
      content: { method: 'GET', urlTemplate: '{{param:BASE_URL}}/customers/{{id}}', auth: { type: 'apiKey', key: '{{param:API_KEY}}', in: 'header', name: 'X-Api-Key' }, responseMapping: { name: '$.customer.name', echoed: '$.youSent' } },
    });
    await ok('PUT', conn('/definitions/crm-oauth'), {
      content: { method: 'GET', urlTemplate: '{{param:BASE_URL}}/orders', auth: { type: 'oauth2ClientCredentials', tokenUrl: '{{param:BASE_URL}}/oauth/token', clientId: 'fleet', clientSecret: '{{param:OAUTH_SECRET}}' } },
    });

    const apiKeyCall = await ok('POST', conn('/definitions/crm/test'), { input: { id: 'c 1' } });
    const oauthCall = await ok('POST', conn('/definitions/crm-oauth/test'), {});
    const definitions = await ok('GET', conn('/definitions'));
    const parameters = await ok('GET', conn('/parameters'));
    const log = await ok('GET', conn('/invocations'));
    const one = await ok('GET', conn(`/invocations/${String(apiKeyCall.invocationId)}`));

    expect(leak.status).toBe(400);
    expect(leak.body).toMatchObject({ code: 'CONNECTOR.VALIDATION', details: { fields: [{ path: 'value' }] } });
    expect(apiKeyCall).toMatchObject({ outcome: 'ok', attempts: 1, output: { name: 'Ann' } });
    expect((apiKeyCall.output as Json).echoed).toMatchObject({ 'x-api-key': '***' });
    expect(oauthCall).toMatchObject({ outcome: 'ok' });
    expect(seen.map((s) => s.path)).toStrictEqual(['/customers/c%201', '/oauth/token', '/orders']);
    expect(seen[0]!.headers['x-api-key']).toBe(canaries.apiKey);
    expect(seen[2]!.headers.authorization).toBe(`Bearer ${canaries.token}`);
    expect(definitions.items!.map((d) => d.name)).toStrictEqual(['crm', 'crm-oauth']);
    expect(parameters.items!.find((p) => p.name === 'API_KEY')).toMatchObject({ secret: true, secretRef: 'crm-key' });
    expect(log.items!.map((i) => [i.connector, i.source, i.status])).toStrictEqual([
      ['crm-oauth', 'test', 'ok'],
      ['crm', 'test', 'ok'],
    ]);
    expect(one).toMatchObject({ status: 'ok', httpStatus: 200, request: { method: 'GET', headers: { 'x-api-key': '***' } } });
  });

  it('should refuse a loopback target once the environment no longer allows private networks, and log the decision', async () => {
    await ok('PUT', conn('/outbound-policy'), { allowPrivateNetworks: false });
    const before = seen.length;

    const r = await ok('POST', conn('/definitions/crm/test'), { input: { id: 'x' }, retries: 0 });

    expect(r).toMatchObject({ outcome: 'failed', failure: { kind: 'refused_by_policy' } });
    expect(seen.length).toBe(before);
    const logText = readFileSync(join(dataDir, 'logs', 'connector.log'), 'utf8');
    expect(logText).toContain('"msg":"outbound call refused"');
    expect(logText).toContain('"msg":"outbound call allowed"');
  });

  it('should document every connector route in the OpenAPI document, with no dangling schema reference', async () => {
    const doc = (await (await fetch(`${fleet.gatewayUrl}/api/docs-json`)).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    const refs = [...JSON.stringify(doc).matchAll(/#\/components\/schemas\/(\w+)/g)].map((m) => m[1]!);

    expect(Object.keys(doc.paths).filter((p) => p.includes('/connectors')).length).toBe(8);
    expect([...new Set(refs)].filter((r) => !(r in doc.components.schemas))).toStrictEqual([]);
  });

  it('should keep the canary secrets out of every API answer and every service log', async () => {
    const other = await send('GET', conn('/invocations?limit=500'));
    expect(other.status).toBe(200);
    const logs = readdirSync(join(dataDir, 'logs')).map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8'));
    expect(logs.join('').length).toBeGreaterThan(10000); // the logs really were captured (debug level)
    const everything = [...answers, ...logs].join('\n');
    for (const canary of Object.values(canaries)) {
      expect(everything).not.toContain(canary);
      expect(everything).not.toContain(Buffer.from(canary).toString('base64'));
    }
    expect(everything).not.toContain(Buffer.from(`fleet:${canaries.oauth}`).toString('base64'));
  });
});
