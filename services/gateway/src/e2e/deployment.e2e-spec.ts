import { DeploymentSubjects } from '@fleet/contracts-deployment';
import { cleanupStreams, eventually, plainNatsClient, startFleet, TEST_ADMIN, testNatsUrl, uniquePrefix, type FleetUnderTest } from '@fleet/shared-testing';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sha = (s: string) => createHash('sha256').update(Buffer.from(s, 'utf8')).digest('hex');
const canonical = (v: unknown): string =>
  v === null || typeof v !== 'object'
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? `[${v.map(canonical).join(',')}]`
      : `{${Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
          .join(',')}}`;

interface Deployment {
  id: string;
  status: string;
  reason: string | null;
  maintenance: boolean;
}

/** One fleet driven over HTTP as its bootstrap administrator. */
class Fleet {
  token = '';
  constructor(
    readonly fleet: FleetUnderTest,
    readonly prefix: string,
  ) {}

  async signIn(): Promise<void> {
    this.token = await eventually(
      async () => {
        const r = await fetch(`${this.fleet.gatewayUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: TEST_ADMIN.email, password: TEST_ADMIN.password }) });
        return r.status === 200 ? ((await r.json()) as { access_token: string }).access_token : undefined;
      },
      'the bootstrap administrator to sign in',
      30000,
      250,
    );
  }

  raw(method: string, path: string, body?: unknown, token: string | undefined = this.token): Promise<Response> {
    return fetch(`${this.fleet.gatewayUrl}${path}`, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
  }

  async api<T = Record<string, string>>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.raw(method, path, body);
    const text = await r.text();
    if (r.status >= 300) throw Object.assign(new Error(`${method} ${path} → ${r.status} ${text}`), { status: r.status, body: text });
    return JSON.parse(text) as T;
  }

  /** Subscription, project and its four environments. */
  async project(): Promise<{ companyId: string; projectId: string; env: Record<string, string> }> {
    const me = await this.api<{ companyId: string }>('GET', '/api/v1/me');
    const sub = await this.api('POST', '/api/v1/subscriptions', { companyId: me.companyId, kind: 'studio', name: 'Studio' });
    const project = await this.api('POST', '/api/v1/projects', { subscriptionId: sub.id, name: `Deploy ${randomUUID().slice(0, 6)}` });
    const env: Record<string, string> = {};
    for (const kind of ['development', 'test', 'staging', 'production']) env[kind] = (await this.api('POST', `/api/v1/projects/${project.id}/environments`, { kind })).id;
    return { companyId: me.companyId, projectId: project.id, env };
  }
}

/**
 * The deployment flow through the gateway with the fleet as real processes: tag → package →
 * development → test → staging → production, the maintenance window around a data-model change
 * with the gateway answering 503 on that environment's Work Portal meanwhile (the test holds the
 * apply open by playing a fifth acknowledger, `smtp`), export from one fleet and import into a
 * second that trusts the first's key, and a tampered file refused. Tags are made in the real
 * catalog through the gateway.
 */
describe('deployment through the gateway (two fleets)', () => {
  const secret = randomBytes(48).toString('base64url');
  const prefixA = uniquePrefix('e2edepa');
  const prefixB = uniquePrefix('e2edepb');
  const dirs = [mkdtempSync(join(tmpdir(), 'fleet-e2e-dep-a-')), mkdtempSync(join(tmpdir(), 'fleet-e2e-dep-b-'))];
  let A: Fleet;
  let B: Fleet;
  let nc: NatsConnection;
  let world: { companyId: string; projectId: string; env: Record<string, string> };
  const packages: Record<string, string> = {};
  /** Artifact ids of project A in the catalog, by name; the head version. */
  const artifacts = new Map<string, string>();
  const committed = new Map<string, string>();
  let head = 0;

  /** A process the catalog accepts (a start event that reaches an end event); `label` tells versions apart. */
  const processXml = (label: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://fleet.test"><bpmn:process id="handle_claim" name="${label}" isExecutable="true"><bpmn:startEvent id="start"/><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end"/><bpmn:endEvent id="end"/></bpmn:process></bpmn:definitions>`;
  /** Commits the entity `Claim` and the process `handle_claim` to project A in the real catalog, then tags the head. */
  const tag = async (name: string, attributes: string[], process: string) => {
    const entity = { attributes: attributes.map((a) => ({ name: a, type: 'string' })), key: [attributes[0]] };
    const change = (kind: string, n: string, content: unknown) => (artifacts.has(n) ? { op: 'update', artifactId: artifacts.get(n), content } : { op: 'add', kind, name: n, displayName: n, content });
    // only what changed since the last tag goes into the commit
    const wanted: [string, string, unknown][] = [['entity', 'Claim', entity], ['process', 'handle_claim', processXml(process)]];
    const changes = wanted.filter(([, n, content]) => committed.get(n) !== JSON.stringify(content)).map(([kind, n, content]) => change(kind, n, content));
    const commit = await A.api<{ version: number; changes: { artifactId: string; name: string }[] }>('POST', `/api/v1/projects/${world.projectId}/catalog/commits`, { parentVersion: head, message: `tag ${name}`, changes });
    head = commit.version;
    for (const c of commit.changes) artifacts.set(c.name, c.artifactId);
    for (const [, n, content] of wanted) committed.set(n, JSON.stringify(content));
    await A.api('POST', `/api/v1/projects/${world.projectId}/catalog/tags`, { name });
  };
  const smtpToken = async () =>
    (await A.api<{ access_token: string }>('POST', '/api/v1/auth/token', { grant_type: 'client_credentials', client_id: 'smtp', client_secret: createHmac('sha256', secret).update('smtp').digest('base64url') })).access_token;
  /** The test acknowledges as `smtp`, the fifth acknowledger of fleet A: the apply stays open until it does. */
  const ackAsSmtp = async (applyId: string, outcome: 'staged' | 'activated') => {
    const h = headers();
    h.set('authorization', `Bearer ${await smtpToken()}`);
    const subject = DeploymentSubjects.applyAcknowledge;
    const reply = (await nc.request(`${prefixA}.${subject}`, JSON.stringify({ pattern: subject, data: { applyId, service: 'smtp', outcome }, id: randomUUID() }), { timeout: 5000, headers: h })).json<{ response?: { status: string }; err?: unknown }>();
    if (!reply.response) throw new Error(`acknowledge refused: ${JSON.stringify(reply.err)}`);
    return reply.response.status;
  };
  const deployment = (kind: string, id: string) => A.api<Deployment & { acknowledgements: { service: string; outcome: string }[] }>('GET', `/api/v1/environments/${world.env[kind]}/deployments/${id}`);
  /** Applies and waits until the four runtime services staged it (the apply is then held by smtp). */
  const applyHeld = async (kind: string, packageId: string, extra: object = {}) => {
    const d = await A.api<Deployment>('POST', `/api/v1/environments/${world.env[kind]}/deployments`, { packageId, ...extra });
    expect(d.status).toBe('pending');
    await eventually(async () => ((await deployment(kind, d.id)).acknowledgements.filter((a) => a.outcome === 'staged').length === 4 ? true : undefined), 'the four runtime services to stage', 30000, 200);
    return d;
  };
  const release = async (kind: string, id: string) => {
    expect(await ackAsSmtp(id, 'staged')).toBe('committed');
    await eventually(async () => ((await deployment(kind, id)).acknowledgements.filter((a) => a.outcome === 'activated').length === 4 ? true : undefined), 'the runtime services to activate', 30000, 200);
    await ackAsSmtp(id, 'activated');
    return eventually(async () => ((await deployment(kind, id)).status === 'done' ? deployment(kind, id) : undefined), `deployment ${id} to finish`, 20000, 200);
  };
  const workPortal = (kind: string, route = 'cases') => A.raw('GET', `/api/v1/environments/${world.env[kind]}/${route}`);

  beforeAll(async () => {
    const env = { FLEET_SERVICE_SECRET: secret, DEPLOYMENT_ACKNOWLEDGERS: 'work-portal,scheduler,connector,management-console,smtp', GATEWAY_MAINTENANCE_REFRESH_MS: '1000' };
    // one after the other: twenty processes starting at once overload a small machine
    const fa = await startFleet({ natsUrl: testNatsUrl(), prefix: prefixA, dataDir: dirs[0], env });
    const fb = await startFleet({ natsUrl: testNatsUrl(), prefix: prefixB, dataDir: dirs[1], env: { DEPLOYMENT_ACKNOWLEDGERS: 'work-portal,scheduler,connector,management-console' } });
    A = new Fleet(fa, prefixA);
    B = new Fleet(fb, prefixB);
    await Promise.all([A.signIn(), B.signIn()]);
    world = await A.project();
    nc = await plainNatsClient();
  }, 300000);

  afterAll(async () => {
    await nc?.close();
    await Promise.all([A?.fleet.stop(), B?.fleet.stop()]);
    await cleanupStreams(prefixA);
    await cleanupStreams(prefixB);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('should build a package from a tag and promote it development → test → staging → production, in order only', async () => {
    await tag('v1', ['number', 'amount'], 'v1');
    packages.v1 = (await A.api('POST', `/api/v1/projects/${world.projectId}/packages`, { tag: 'v1' })).id;
    const blocked = await A.raw('POST', `/api/v1/environments/${world.env.test}/deployments`, { packageId: packages.v1 });
    expect(blocked.status).toBe(409);
    for (const kind of ['development', 'test', 'staging', 'production']) {
      const d = await applyHeld(kind, packages.v1);
      const done = await release(kind, d.id);
      expect(done.status).toBe('done');
    }
    const history = await A.api<{ items: Deployment[] }>('GET', `/api/v1/environments/${world.env.production}/deployments`);
    expect(history.items.map((d) => d.status)).toEqual(['done']);
  }, 240000);

  it('should open the maintenance window around a data-model change and answer 503 on that Work Portal meanwhile, admin routes working', async () => {
    await tag('v2', ['number', 'amount', 'reference'], 'v1');
    packages.v2 = (await A.api('POST', `/api/v1/projects/${world.projectId}/packages`, { tag: 'v2' })).id;
    const inspection = await A.api<{ maintenance: boolean; safe: boolean; maintenanceReasons: string[] }>('GET', `/api/v1/projects/${world.projectId}/packages/${packages.v2}/inspect?environmentId=${world.env.development}`);
    expect(inspection).toMatchObject({ maintenance: true, safe: true, maintenanceReasons: ['data model: entity Claim'] });
    expect((await workPortal('development')).status).not.toBe(503);
    const d = await applyHeld('development', packages.v2);
    for (const route of ['cases', 'inbox', 'tasks/123/complete', 'processes']) {
      const r = await eventually(async () => {
        const x = await workPortal('development', route);
        return x.status === 503 ? x : undefined;
      }, `${route} to be closed`, 10000, 100);
      expect(r.headers.get('retry-after')).toBe('30');
      const body = (await r.json()) as { code: string; message: string; details: { reason: string } };
      expect(body).toMatchObject({ code: 'GATEWAY.UNAVAILABLE', details: { reason: 'maintenance' } });
      expect(body.message).toContain('being updated');
    }
    expect((await workPortal('test')).status).not.toBe(503); // other environments keep running
    expect((await A.raw('GET', `/api/v1/environments/${world.env.development}/deployments`)).status).toBe(200);
    expect((await A.api('GET', `/api/v1/environments/${world.env.development}/maintenance`)).state).toBe('maintenance');
    expect((await A.raw('POST', `/api/v1/environments/${world.env.development}/maintenance/close`)).status).toBe(409);
    await release('development', d.id);
    await eventually(async () => ((await workPortal('development')).status !== 503 ? true : undefined), 'the Work Portal to reopen', 10000, 100);
    expect((await A.api('GET', `/api/v1/environments/${world.env.development}/maintenance`)).state).toBe('active');
  }, 120000);

  it('should not open the window for a new process version alone', async () => {
    await tag('v3', ['number', 'amount', 'reference'], 'v3');
    packages.v3 = (await A.api('POST', `/api/v1/projects/${world.projectId}/packages`, { tag: 'v3' })).id;
    const d = await applyHeld('development', packages.v3);
    expect(d.maintenance).toBe(false);
    expect((await workPortal('development')).status).not.toBe(503);
    await release('development', d.id);
  }, 120000);

  it('should close the Work Portal while an administrator holds a manual window, and after a gateway restart too', async () => {
    await A.api('POST', `/api/v1/environments/${world.env.staging}/maintenance/open`, { message: 'Storage migration' });
    const r = await eventually(async () => {
      const x = await workPortal('staging', 'inbox');
      return x.status === 503 ? x : undefined;
    }, 'the inbox to be closed', 10000, 100);
    expect(((await r.json()) as { message: string }).message).toBe('Storage migration');
    await A.fleet.services.gateway.kill('SIGTERM');
    A.fleet.services.gateway.start();
    await A.fleet.services.gateway.ready();
    await eventually(async () => ((await workPortal('staging', 'inbox')).status === 503 ? true : undefined), 'the restarted gateway to know the window', 10000, 100);
    await A.api('POST', `/api/v1/environments/${world.env.staging}/maintenance/close`);
    await eventually(async () => ((await workPortal('staging', 'inbox')).status !== 503 ? true : undefined), 'the inbox to reopen', 10000, 100);
  }, 120000);

  it('should import a package exported from fleet A into fleet B once B trusts A, and refuse a tampered file', async () => {
    const exported = await A.api<{ checksum: string; content: { tag: string; artifacts: { content: string; contentHash: string }[] } }>('GET', `/api/v1/projects/${world.projectId}/packages/${packages.v2}/export`);
    const target = await B.project();
    const file = (f: object) => ({ file: Buffer.from(JSON.stringify(f)).toString('base64') });
    const untrusted = await B.raw('POST', `/api/v1/projects/${target.projectId}/packages/import`, file(exported));
    expect(untrusted.status).toBe(400);
    expect(await untrusted.text()).toContain('do not trust');
    const key = await A.api<{ publicKey: string; keyId: string }>('GET', '/api/v1/deployment/signing-key');
    await B.api('POST', `/api/v1/companies/${target.companyId}/trusted-keys`, { publicKey: key.publicKey, name: 'Fleet A' });
    const imported = await B.api<{ id: string; origin: string; signedBy: string }>('POST', `/api/v1/projects/${target.projectId}/packages/import`, file(exported));
    expect(imported).toMatchObject({ id: packages.v2, origin: 'imported', signedBy: key.keyId });
    const tampered = JSON.parse(JSON.stringify(exported)) as typeof exported;
    tampered.content.artifacts[0].content = tampered.content.artifacts[0].content.replace('reference', 'iban');
    tampered.content.artifacts[0].contentHash = sha(tampered.content.artifacts[0].content);
    tampered.checksum = sha(canonical(tampered.content));
    const refused = await B.raw('POST', `/api/v1/projects/${target.projectId}/packages/import`, file(tampered));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('signature does not verify');
    const d = await B.api<Deployment>('POST', `/api/v1/environments/${target.env.development}/deployments`, { packageId: imported.id });
    await eventually(async () => ((await B.api<Deployment>('GET', `/api/v1/environments/${target.env.development}/deployments/${d.id}`)).status === 'done' ? true : undefined), 'the imported package to deploy in fleet B', 30000, 200);
  }, 120000);
});
