import { ConnectorSubjects, type InvocationListReply, type InvocationReply, type InvocationResultReply } from '@fleet/contracts-connector';
import type { RunningService } from '@fleet/shared-service-kit';
import { FakeIdentity, plainNatsClient, serviceTestEnv, startInProcess, TEST_ENGINES, testDatabase, uniquePrefix } from '@fleet/shared-testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectorService } from '../service';
import { FakePlatform } from '../test/fake-platform';
import { selfSignedCertificate } from '../test/self-signed';
import { deadPort, TargetServer } from '../test/target-server';

const CANARIES = { apiKey: 'canary-apikey-9Xq2', password: 'canary-password-7Lm4', bearer: 'canary-bearer-3Vd8', oauth: 'canary-oauth-secret-Q8' };

/**
 * connector end to end inside one process: real NATS, a real database (SQLite, PostgreSQL), real HTTP servers on
 * loopback playing the external systems (echoing, failing, flapping, stalling, an OAuth token
 * endpoint). Authorization is asked of a stand-in for platform's permission API.
 */
describe.each(TEST_ENGINES)('connector invocations on %s (real NATS, loopback HTTP servers)', (engine) => {
  const prefix = uniquePrefix('conn');
  const env = randomUUID();
  const otherEnv = randomUUID();
  const secretsDir = mkdtempSync(join(tmpdir(), 'fleet-conn-secrets-'));
  const target = new TargetServer();
  const flaky = new TargetServer();
  let svc: RunningService;
  let nc: NatsConnection;
  let identity: FakeIdentity;
  const platform = new FakePlatform();
  let db: { url: string; drop: () => Promise<void> };
  const tokens: Record<'admin' | 'reader' | 'outsider' | 'runtime' | 'otherService', string> = {} as never;
  const replies: unknown[] = [];

  const call = async <T>(subject: string, data: unknown, token = tokens.admin): Promise<T> => {
    const r = await svc.ctx.rpc.request<T>(subject, data, { headers: { authorization: `Bearer ${token}` } });
    replies.push(r);
    return r;
  };
  const codeOf = (p: Promise<unknown>) => p.then(() => 'OK', (e: { code?: string; details?: unknown }) => { replies.push(e); return e.code; });
  const put = (name: string, content: Record<string, unknown>, environmentId = env) => call(ConnectorSubjects.definitionPut, { environmentId, name, content });
  const exec = (connector: string, input: Record<string, unknown> = {}, idempotencyKey: string = randomUUID()) =>
    call<InvocationResultReply>(ConnectorSubjects.invocationExecute, { environmentId: env, connector, input, idempotencyKey }, tokens.runtime);
  const setParam = (name: string, p: { value?: string; secretRef?: string }) => call(ConnectorSubjects.parameterSet, { environmentId: env, name, secret: p.secretRef !== undefined, ...p });
  const policy = (allowHttp: boolean, allowPrivateNetworks: boolean) => call(ConnectorSubjects.policyUpdate, { environmentId: env, allowHttp, allowPrivateNetworks });

  beforeAll(async () => {
    await Promise.all([target.start(), flaky.start()]);
    writeFileSync(join(secretsDir, `${env}-crm-key`), `${CANARIES.apiKey}\n`);
    writeFileSync(join(secretsDir, `${env}-crm-password`), CANARIES.password);
    writeFileSync(join(secretsDir, `${env}-crm-token`), CANARIES.bearer);
    writeFileSync(join(secretsDir, `${env}-oauth-secret`), CANARIES.oauth);
    writeFileSync(join(secretsDir, `${otherEnv}-crm-key`), 'other-tenant-secret');
    nc = await plainNatsClient();
    identity = await FakeIdentity.create();
    identity.serve(nc, `${prefix}.`);
    platform.serve(nc, `${prefix}.`);
    db = await testDatabase(engine, prefix);
    svc = await startInProcess(
      ConnectorService,
      serviceTestEnv('connector', {
        dbUrl: db.url,
        prefix,
        extra: {
          FLEET_SECRETS_DIR: secretsDir,
          CONNECTOR_BACKOFF_BASE_MS: '40',
          CONNECTOR_BACKOFF_MAX_MS: '200',
          CONNECTOR_READ_TIMEOUT_MS: '1000',
          CONNECTOR_CONNECT_TIMEOUT_MS: '500',
          CONNECTOR_RETRIES: '2',
          CONNECTOR_BREAKER_FAILURES: '3',
          CONNECTOR_BREAKER_OPEN_MS: '400',
          CONNECTOR_MAX_CONCURRENCY_PER_TARGET: '2',
        },
      }),
    );
    const company = randomUUID();
    const [admin, reader, outsider] = [randomUUID(), randomUUID(), randomUUID()];
    platform.grant(admin, env, 'manage');
    platform.grant(reader, env, 'read');
    tokens.admin = await identity.token(admin, company);
    tokens.reader = await identity.token(reader, company);
    tokens.outsider = await identity.token(outsider, randomUUID());
    tokens.runtime = await identity.serviceToken('work-portal');
    tokens.otherService = await identity.serviceToken('smtp');
    await setParam('BASE_URL', { value: target.url });
    await setParam('FLAKY_URL', { value: flaky.url });
    await setParam('USER', { value: 'fleet-user' });
    await setParam('API_KEY', { secretRef: 'crm-key' });
    await setParam('PASSWORD', { secretRef: 'crm-password' });
    await setParam('TOKEN', { secretRef: 'crm-token' });
    await setParam('OAUTH_SECRET', { secretRef: 'oauth-secret' });
  }, 60000);

  afterAll(async () => {
    await svc?.stop();
    platform.stop();
    identity?.stop();
    await nc?.close();
    await db?.drop();
    await Promise.all([target.stop(), flaky.stop()]);
    rmSync(secretsDir, { recursive: true, force: true });
  });

  describe('outbound policy (SSRF)', () => {
    it('should refuse plain http and loopback by default and call once the environment allows both', async () => {
      await put('echo', { method: 'GET', urlTemplate: '{{param:BASE_URL}}/echo', auth: { type: 'none' } });
      const before = target.seen.length;

      const https = await exec('echo');
      await policy(true, false);
      const priv = await exec('echo');
      await policy(true, true);
      const ok = await exec('echo');

      expect(https.failure).toMatchObject({ kind: 'refused_by_policy', message: expect.stringContaining('plain http is not allowed') });
      expect(priv.failure).toMatchObject({ kind: 'refused_by_policy', message: expect.stringContaining('loopback') });
      expect(ok.outcome).toBe('ok');
      expect(target.seen.length).toBe(before + 1);
    });

    it('should refuse loopback in every spelling (name, IPv4-mapped IPv6, decimal) when private networks are not allowed', async () => {
      await policy(true, false);
      const port = new URL(target.url).port;
      const before = target.seen.length;
      const spellings = [`http://localhost:${port}/echo`, `http://[::ffff:127.0.0.1]:${port}/echo`, `http://2130706433:${port}/echo`, `http://0x7f.1:${port}/echo`, `http://[::1]:${port}/echo`];
      const results: InvocationResultReply[] = [];
      for (const [i, url] of spellings.entries()) {
        await put(`ssrf${i}`, { method: 'GET', urlTemplate: url, auth: { type: 'none' } });
        results.push(await exec(`ssrf${i}`));
      }
      await policy(true, true);

      expect(results.map((r) => r.failure?.kind)).toStrictEqual(spellings.map(() => 'refused_by_policy'));
      expect(target.seen.length).toBe(before);
    });

    it('should check every redirect hop and refuse schemes other than http(s)', async () => {
      await policy(true, false);
      await put('file', { method: 'GET', urlTemplate: 'file:///etc/passwd', auth: { type: 'none' } });
      const file = await exec('file');
      await policy(true, true);
      target.redirect('/hop', '/echo?redirected=1');
      await put('hop', { method: 'GET', urlTemplate: '{{param:BASE_URL}}/hop', auth: { type: 'none' }, responseMapping: { url: '$.url' } });
      const followed = await exec('hop');

      expect(file.failure?.kind).toBe('refused_by_policy');
      expect(followed.output).toStrictEqual({ url: '/echo?redirected=1' });

      // a redirect to another origin does not carry the credentials along
      target.redirect('/away', `${flaky.url}/echo-away`);
      flaky.routes.set('/echo-away', (req, res) => res.end(JSON.stringify({ headers: req.headers })));
      await put('away', { method: 'GET', urlTemplate: '{{param:BASE_URL}}/away', auth: { type: 'apiKey', key: '{{param:API_KEY}}', in: 'header', name: 'X-Custom-Key' } });
      const away = await exec('away');
      expect(away.outcome).toBe('ok');
      expect(target.on('/away').at(-1)!.headers['x-custom-key']).toBe(CANARIES.apiKey);
      expect(flaky.on('/echo-away').at(-1)!.headers['x-custom-key']).toBeUndefined();
    });
  });

  describe('authentication', () => {
    it('should send basic, bearer and API key (header and query) credentials resolved from secret parameters', async () => {
      await put('basic', { method: 'GET', urlTemplate: '{{param:BASE_URL}}/echo', auth: { type: 'basic', username: '{{param:USER}}', password: '{{param:PASSWORD}}' }, responseMapping: { auth: '$.headers.authorization' } });
      await put('bearer', { method: 'GET', urlTemplate: '{{param:BASE_URL}}/echo', auth: { type: 'bearer', token: '{{param:TOKEN}}' } });
      await put('keyHeader', { method: 'GET', urlTemplate: '{{param:BASE_URL}}/echo', auth: { type: 'apiKey', key: '{{param:API_KEY}}', in: 'header', name: 'X-Api-Key' } });
      await put('keyQuery', { method: 'GET', urlTemplate: '{{param:BASE_URL}}/echo', auth: { type: 'apiKey', key: '{{param:API_KEY}}', in: 'query', name: 'api_key' } });

      const results = [await exec('basic'), await exec('bearer'), await exec('keyHeader'), await exec('keyQuery')];
      const seen = target.on('/echo').slice(-4);

      expect(results.map((r) => r.outcome)).toStrictEqual(['ok', 'ok', 'ok', 'ok']);
      expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`fleet-user:${CANARIES.password}`).toString('base64')}`);
      expect(seen[1]!.headers.authorization).toBe(`Bearer ${CANARIES.bearer}`);
      expect(seen[2]!.headers['x-api-key']).toBe(CANARIES.apiKey);
      expect(seen[3]!.headers.authorization).toBeUndefined();
      // an output variable that would carry a credential the target reflected is redacted too
      expect(results[0]!.output?.auth).toBe('Basic ***');
    });

    it('should get an OAuth 2.0 client-credentials token once, reuse it, and fetch a new one when the target refuses it', async () => {
      await put('oauth', {
        method: 'GET',
        urlTemplate: '{{param:BASE_URL}}/protected',
        auth: { type: 'oauth2ClientCredentials', tokenUrl: '{{param:BASE_URL}}/oauth/token', clientId: 'fleet-client', clientSecret: '{{param:OAUTH_SECRET}}', scope: 'crm.read' },
      });
      const fetchesBefore = target.tokenRequests;

      const first = await exec('oauth');
      const second = await exec('oauth');
      target.issuedTokens.clear(); // the authorization server revoked every token
      const third = await exec('oauth');

      expect([first.outcome, second.outcome, third.outcome]).toStrictEqual(['ok', 'ok', 'ok']);
      expect(target.tokenRequests - fetchesBefore).toBe(2);
      expect(third.attempts).toBe(2);
      const tokenReq = target.on('/oauth/token').at(-1)!;
      expect(new URLSearchParams(tokenReq.body).get('scope')).toBe('crm.read');
    });

    it('should not let an environment reach a secret provisioned for another environment', async () => {
      await call(ConnectorSubjects.policyUpdate, { environmentId: otherEnv, allowHttp: true, allowPrivateNetworks: true }).catch(() => undefined);
      // the reference names a secret that exists only under the other environment's prefix
      writeFileSync(join(secretsDir, `${otherEnv}-only-other`), 'other-tenant-secret');
      await setParam('STOLEN', { secretRef: 'only-other' });
      await put('steal', { method: 'GET', urlTemplate: '{{param:BASE_URL}}/echo', auth: { type: 'bearer', token: '{{param:STOLEN}}' } });

      const r = await exec('steal');

      expect(r.failure).toStrictEqual({ kind: 'secret', message: 'parameter STOLEN: secret ' + `${env}-only-other` + ' could not be resolved: no such secret in directory+env' });
    });
  });

  describe('mapping', () => {
    it('should map the response into variables and statuses into named errors', async () => {
      await put('getCustomer', {
        method: 'POST',
        urlTemplate: '{{param:BASE_URL}}/echo',
        bodyTemplate: '{"id": {{customerId}}, "tags": {{tags}}}',
        auth: { type: 'none' },
        responseMapping: { name: '$.customer.name', sku: '$.items[0].sku', sent: '$.body', missing: '$.nope' },
      });
      await put('lookup', { method: 'GET', urlTemplate: '{{param:BASE_URL}}/status?code={{code}}', auth: { type: 'none' }, retries: 0, errorMapping: [{ status: 404, error: 'CUSTOMER_NOT_FOUND' }, { status: '5xx', error: 'CRM_DOWN' }] });

      const ok = await exec('getCustomer', { customerId: 'c-1', tags: ['vip'] });
      const notFound = await exec('lookup', { code: 404 });
      const down = await exec('lookup', { code: 500 });
      const unmapped = await exec('lookup', { code: 409 });

      expect(ok.output).toStrictEqual({ name: 'Ann', sku: 'A1', sent: '{"id": "c-1", "tags": ["vip"]}', missing: null });
      expect(notFound).toMatchObject({ outcome: 'error', error: { name: 'CUSTOMER_NOT_FOUND', status: 404 } });
      expect(down).toMatchObject({ outcome: 'error', error: { name: 'CRM_DOWN', status: 500 } });
      expect(unmapped).toMatchObject({ outcome: 'failed', failure: { kind: 'http_status', status: 409 } });
    });
  });

  describe('resilience', () => {
    it('should retry an idempotent call on 503 with growing, non-zero, jittered backoff and succeed', async () => {
      target.flap('/flap', 2, 503);
      await put('flapGet', { method: 'GET', urlTemplate: '{{param:BASE_URL}}/flap', auth: { type: 'none' } });

      const r = await exec('flapGet');
      const inv = await call<InvocationReply>(ConnectorSubjects.invocationGet, { environmentId: env, invocationId: r.invocationId });

      expect(r).toMatchObject({ outcome: 'ok', attempts: 3 });
      expect(inv.attemptLog.map((a) => a.status)).toStrictEqual([503, 503, 200]);
      const [b1, b2] = inv.attemptLog.map((a) => a.backoffMs ?? 0);
      expect(b1).toBeGreaterThanOrEqual(20);
      expect(b1).toBeLessThanOrEqual(40);
      expect(b2).toBeGreaterThanOrEqual(40);
      expect(b2).toBeLessThanOrEqual(80);
      const at = target.on('/flap').map((s) => s.at);
      expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(b1! - 5);
    });

    it('should not retry a POST that reached the server, but retry one whose connection was refused', async () => {
      target.flap('/flap-post', 5, 503);
      await put('flapPost', { method: 'POST', urlTemplate: '{{param:BASE_URL}}/flap-post', bodyTemplate: '{}', auth: { type: 'none' } });
      await setParam('DEAD_URL', { value: `http://127.0.0.1:${await deadPort()}` });
      await put('dead', { method: 'POST', urlTemplate: '{{param:DEAD_URL}}/x', bodyTemplate: '{}', auth: { type: 'none' } });

      const post = await exec('flapPost');
      const dead = await exec('dead');

      expect(post).toMatchObject({ outcome: 'failed', attempts: 1, failure: { kind: 'http_status', status: 503 } });
      expect(target.on('/flap-post')).toHaveLength(1);
      expect(dead).toMatchObject({ outcome: 'failed', attempts: 3, failure: { kind: 'connection', message: 'connect: ECONNREFUSED' } });
    });

    it('should wait for Retry-After on 429', async () => {
      target.flap('/limited', 1, 429, { 'retry-after': '1' });
      await put('limited', { method: 'POST', urlTemplate: '{{param:BASE_URL}}/limited', auth: { type: 'none' } });

      const r = await exec('limited');
      const at = target.on('/limited').map((s) => s.at);

      expect(r).toMatchObject({ outcome: 'ok', attempts: 2 });
      expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(950);
    });

    it('should give up a stalled attempt after the read timeout and retry it', async () => {
      await put('slow', { method: 'GET', urlTemplate: '{{param:FLAKY_URL}}/slow', auth: { type: 'none' }, timeoutMs: 200, retries: 1 });
      const t0 = Date.now();

      const r = await exec('slow');

      expect(r).toMatchObject({ outcome: 'failed', attempts: 2, failure: { kind: 'timeout', message: 'read_timeout: no complete response within 200 ms' } });
      const inv = await call<InvocationReply>(ConnectorSubjects.invocationGet, { environmentId: env, invocationId: r.invocationId });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
      // each attempt ends at the read timeout, long before the target's 2 s answer
      expect(inv.attemptLog.map((a) => a.durationMs < 1500)).toStrictEqual([true, true]);
      expect(flaky.on('/slow')).toHaveLength(2);
    });

    it('should open the circuit after 3 consecutive failures, refuse at once, then close after a successful half-open trial', async () => {
      let failing = false;
      flaky.routes.set('/breaker', (_req, res) => {
        res.writeHead(failing ? 500 : 200, { 'content-type': 'application/json' });
        res.end('{}');
      });
      await put('breaker', { method: 'GET', urlTemplate: '{{param:FLAKY_URL}}/breaker', auth: { type: 'none' }, retries: 0 });
      await exec('breaker'); // a success first: the /slow test's timeouts on this target no longer count
      failing = true;
      const first = [await exec('breaker'), await exec('breaker'), await exec('breaker')];
      const seenBefore = flaky.on('/breaker').length;

      const refused = await exec('breaker');
      const refusedSeen = flaky.on('/breaker').length;
      failing = false;
      await new Promise((r) => setTimeout(r, 450));
      const trial = await exec('breaker');
      const after = await exec('breaker');

      expect(first.every((r) => r.failure?.kind === 'http_status')).toBe(true);
      expect(refused).toMatchObject({ outcome: 'failed', attempts: 0, failure: { kind: 'circuit_open' } });
      expect(refusedSeen).toBe(seenBefore);
      expect([trial.outcome, after.outcome]).toStrictEqual(['ok', 'ok']);
    });

    it('should keep at most 2 calls in flight per target', async () => {
      let inFlight = 0;
      let peak = 0;
      flaky.routes.set('/hold', (_req, res) => {
        peak = Math.max(peak, ++inFlight);
        setTimeout(() => {
          inFlight--;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{}');
        }, 300);
      });
      await put('hold', { method: 'GET', urlTemplate: '{{param:FLAKY_URL}}/hold', auth: { type: 'none' } });

      const all = await Promise.all([1, 2, 3, 4, 5].map(() => exec('hold')));

      expect(all.every((r) => r.outcome === 'ok')).toBe(true);
      expect(peak).toBe(2);
    });
  });

  describe('TLS', () => {
    it('should verify the certificate of an https target (a self-signed one fails at once, without retries)', async () => {
      const tls = selfSignedCertificate();
      const server = createHttpsServer({ cert: tls.cert, key: tls.key }, (_req, res) => res.end('{}'));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as AddressInfo).port;
      await put('tls', { method: 'GET', urlTemplate: `https://127.0.0.1:${port}/x`, auth: { type: 'none' } });
      let handshakes = 0;
      server.on('secureConnection', () => handshakes++);

      const r = await exec('tls');
      server.close();

      expect(r).toMatchObject({ outcome: 'failed', attempts: 1, failure: { kind: 'connection', message: expect.stringMatching(/^tls: /) } });
      expect(handshakes).toBe(0);
    });
  });

  describe('idempotency and callers', () => {
    it('should answer the recorded reply for a repeated idempotency key without calling again', async () => {
      const key = `case-1:activity-2:${randomUUID()}`;
      const before = target.on('/echo').length;

      const first = await exec('echo', {}, key);
      const again = await exec('echo', {}, key);

      expect(again).toStrictEqual({ ...first, replayed: true });
      expect(target.on('/echo').length).toBe(before + 1);
    });

    it('should serve execute to the process runtime only', async () => {
      const data = { environmentId: env, connector: 'echo', input: {}, idempotencyKey: randomUUID() };
      expect(await codeOf(call(ConnectorSubjects.invocationExecute, data, tokens.admin))).toBe('AUTH.UNAUTHORIZED');
      expect(await codeOf(call(ConnectorSubjects.invocationExecute, data, tokens.otherService))).toBe('CONNECTOR.UNAUTHORIZED');
      expect(await codeOf(call(ConnectorSubjects.invocationExecute, { ...data, connector: 'nope' }, tokens.runtime))).toBe('CONNECTOR.NOT_FOUND');
    });

    it('should let readers read, managers configure, and hide the environment from others', async () => {
      expect(await codeOf(call(ConnectorSubjects.definitionList, { environmentId: env }, tokens.reader))).toBe('OK');
      expect(await codeOf(call(ConnectorSubjects.parameterSet, { environmentId: env, name: 'X', secret: false, value: 'x' }, tokens.reader))).toBe('CONNECTOR.FORBIDDEN');
      expect(await codeOf(call(ConnectorSubjects.invocationTest, { environmentId: env, name: 'echo' }, tokens.reader))).toBe('CONNECTOR.FORBIDDEN');
      expect(await codeOf(call(ConnectorSubjects.invocationList, { environmentId: env }, tokens.outsider))).toBe('CONNECTOR.NOT_FOUND');
      expect(await codeOf(call(ConnectorSubjects.parameterList, { environmentId: env }, tokens.outsider))).toBe('CONNECTOR.NOT_FOUND');
    });

    it('should refuse a secret value sent for a secret parameter, naming the field and storing nothing', async () => {
      const err = await call(ConnectorSubjects.parameterSet, { environmentId: env, name: 'LEAK', secret: true, value: CANARIES.apiKey }).catch((e: unknown) => e);
      const list = await call<{ items: { name: string }[] }>(ConnectorSubjects.parameterList, { environmentId: env });

      expect(err).toMatchObject({ code: 'CONNECTOR.VALIDATION', details: { fields: [{ path: 'value' }] } });
      expect(list.items.map((p) => p.name)).not.toContain('LEAK');
    });
  });

  describe('secrets never leave', () => {
    it('should keep every canary out of every reply and every recorded invocation', async () => {
      const test = await call<InvocationResultReply>(ConnectorSubjects.invocationTest, { environmentId: env, name: 'keyQuery' });
      const list = await call<InvocationListReply>(ConnectorSubjects.invocationList, { environmentId: env, limit: 500 });
      const details = await Promise.all(list.items.map((i) => call<InvocationReply>(ConnectorSubjects.invocationGet, { environmentId: env, invocationId: i.id })));
      const params = await call(ConnectorSubjects.parameterList, { environmentId: env });

      expect(test.outcome).toBe('ok');
      expect(list.items.length).toBeGreaterThan(20);
      const keyQuery = details.find((d) => d.id === test.invocationId)!;
      expect(String(keyQuery.request?.url)).toContain('api_key=***');
      const everything = JSON.stringify({ replies, details, params });
      for (const canary of Object.values(CANARIES)) {
        expect(everything).not.toContain(canary);
        expect(everything).not.toContain(Buffer.from(canary).toString('base64'));
      }
      expect(everything).not.toContain(Buffer.from(`fleet-user:${CANARIES.password}`).toString('base64'));
      expect(everything).not.toMatch(/tok-\d+-[a-z0-9]+/); // OAuth access tokens are secrets too
    });
  });
});
