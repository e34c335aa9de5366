import { cleanupStreams, eventually, startFleet, TEST_ADMIN, testNatsUrl, uniquePrefix, type FleetUnderTest } from '@fleet/shared-testing';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Body = Record<string, unknown> & { details?: { artifacts?: Record<string, unknown>[]; errors?: Record<string, unknown>[]; fields?: { path: string }[] } };

const PASSWORD = 'Catalog-Passw0rd-42';

const processXml = (condition: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="http://example.test">
  <bpmn:process id="Approval" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:exclusiveGateway id="gw" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
    <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="end"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>
  </bpmn:process>
</bpmn:definitions>`;

/**
 * Two collaborators edit one project's catalog at the same time, through the gateway, with the
 * real platform deciding permissions (issue 4): a stale overlapping commit is 409 naming the
 * artifact, a stale non-overlapping one merges cleanly, a checked-out artifact is 423 for the other
 * (who sees the holder), and the result is tagged and snapshotted. The fleet runs as ten processes.
 */
describe('catalog: two collaborators through the gateway', () => {
  const prefix = uniquePrefix('e2ecat');
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-e2e-catalog-'));
  let fleet: FleetUnderTest;
  let admin: string;
  let ada: string;
  let bob: string;
  let projectId: string;
  let catalog: string;
  const ids: Record<string, string> = {};

  const send = async (method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: Body }> => {
    const r = await fetch(`${fleet.gatewayUrl}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : {}) as Body };
  };
  const ok = async (method: string, path: string, token: string, body?: unknown): Promise<Body> => {
    const r = await send(method, path, token, body);
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const login = (email: string, password: string) =>
    eventually(() => send('POST', '/api/v1/auth/login', undefined, { email, password }).then((r) => (r.status === 200 ? (r.body.access_token as string) : undefined)), `${email} to sign in`, 30000, 250);

  beforeAll(async () => {
    // ten processes starting at once on a shared, loaded machine can take more than the default minute
    fleet = await startFleet({ natsUrl: testNatsUrl(), prefix, dataDir, readyTimeoutMs: 240000 });
    admin = await login(TEST_ADMIN.email, TEST_ADMIN.password);
    const companyId = (await ok('GET', '/api/v1/me', admin)).companyId as string;
    await eventually(() => send('GET', '/api/v1/me/access', admin).then((r) => ((r.body.grants as unknown[] | undefined)?.length ? true : undefined)), 'the bootstrap grants');
    const subscription = (await ok('POST', '/api/v1/subscriptions', admin, { companyId, kind: 'studio', name: 'Studio' })).id as string;
    projectId = (await ok('POST', '/api/v1/projects', admin, { subscriptionId: subscription, name: 'Claims' })).id as string;
    catalog = `/api/v1/projects/${projectId}/catalog`;
    const collaborator = async (label: string) => {
      const email = `${label}-${randomUUID().slice(0, 8)}@catalog.test`;
      const user = await ok('POST', `/api/v1/companies/${companyId}/users`, admin, { email, displayName: label, password: PASSWORD });
      await ok('POST', `/api/v1/companies/${companyId}/grants`, admin, { userId: user.id, role: 'collaborator', resourceId: projectId });
      return login(email, PASSWORD);
    };
    ada = await collaborator('ada');
    bob = await collaborator('bob');
  }, 420000);

  afterAll(async () => {
    await fleet?.stop();
    await cleanupStreams(prefix);
    if (process.env.KEEP_E2E_DATA !== "1") rmSync(dataDir, { recursive: true, force: true });
  });

  it('should let Ada create the project metadata (version 1)', async () => {
    const c = await ok('POST', `${catalog}/commits`, ada, {
      parentVersion: 0,
      message: 'first model',
      authorName: 'Ada',
      changes: [
        { op: 'add', kind: 'entity', name: 'claim', displayName: 'Claim', content: { attributes: [{ name: 'id', type: 'string', required: true }, { name: 'amount', type: 'decimal' }], key: ['id'] } },
        { op: 'add', kind: 'form', name: 'claim_form', displayName: 'Claim form', content: { entity: 'claim', fields: [{ attribute: 'amount', label: 'Amount' }] } },
        { op: 'add', kind: 'rule', name: 'needs_review', displayName: 'Needs review', content: { expression: 'amount > 1000', resultType: 'boolean' } },
        { op: 'add', kind: 'process', name: 'approval', displayName: 'Approval', content: processXml('${amount &gt; 1000}') },
      ],
    });
    expect(c.version).toBe(1);
    for (const ch of c.changes as { name: string; artifactId: string }[]) ids[ch.name] = ch.artifactId;
    const list = await ok('GET', `${catalog}/artifacts`, bob);
    expect((list.items as unknown[]).length).toBe(4);
  });

  it('should refuse the stale overlapping commit with 409 naming the artifact, and merge the non-overlapping one', async () => {
    // both start from version 1
    const adaEdit = await ok('POST', `${catalog}/commits`, ada, { parentVersion: 1, message: 'stricter', changes: [{ op: 'update', artifactId: ids.needs_review, content: { expression: 'amount > 500', resultType: 'boolean' } }] });
    expect(adaEdit.version).toBe(2);

    const conflict = await send('POST', `${catalog}/commits`, bob, { parentVersion: 1, message: 'laxer', changes: [{ op: 'update', artifactId: ids.needs_review, content: { expression: 'amount > 5000', resultType: 'boolean' } }] });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('CATALOG.CONFLICT');
    expect(conflict.body.details?.artifacts).toEqual([expect.objectContaining({ artifactId: ids.needs_review, name: 'needs_review', version: 2 })]);

    const merged = await send('POST', `${catalog}/commits`, bob, { parentVersion: 1, message: 'label', changes: [{ op: 'update', artifactId: ids.claim_form, content: { entity: 'claim', fields: [{ attribute: 'amount', label: 'Claimed amount' }] } }] });
    expect(merged).toMatchObject({ status: 201, body: { version: 3, parentVersion: 1 } });
    const diff = await ok('GET', `${catalog}/diff?from=1&to=3`, bob);
    expect(diff).toMatchObject({ changed: 2, added: 0, removed: 0 });
  });

  it('should show Bob that Ada holds the process and refuse his commit with 423', async () => {
    const lock = await ok('POST', `${catalog}/locks`, ada, { artifactId: ids.approval, holderName: 'Ada' });
    const seen = await ok('GET', `${catalog}/artifacts/${ids.approval}`, bob);
    expect(seen).toMatchObject({ editable: false, lock: { holderName: 'Ada', since: lock.since } });

    const blocked = await send('POST', `${catalog}/commits`, bob, { parentVersion: 3, message: 'mine', changes: [{ op: 'update', artifactId: ids.approval, content: processXml('${amount &gt; 2000}') }] });
    expect(blocked.status).toBe(423);
    expect(blocked.body.details?.artifacts).toEqual([expect.objectContaining({ artifactId: ids.approval, holderName: 'Ada' })]);
    expect((await send('POST', `${catalog}/locks`, bob, { artifactId: ids.approval })).status).toBe(423);
    expect((await send('POST', `${catalog}/tags`, bob, { name: 'release-1' })).status).toBe(423);

    const adaCommit = await ok('POST', `${catalog}/commits`, ada, { parentVersion: 3, message: 'raise threshold', changes: [{ op: 'update', artifactId: ids.approval, content: processXml('${amount &gt; 2000}') }] });
    expect(adaCommit.version).toBe(4);
    expect((await ok('GET', `${catalog}/locks`, bob)).items).toEqual([]);
  });

  it('should let a project manager, not a collaborator, force-release a lock', async () => {
    await ok('POST', `${catalog}/locks`, ada, { artifactId: ids.claim, holderName: 'Ada' });
    expect((await send('POST', `${catalog}/locks/${ids.claim}/force-release`, bob)).status).toBe(403);
    expect(await ok('POST', `${catalog}/locks/${ids.claim}/force-release`, admin)).toEqual({ artifactId: ids.claim, released: true });
    expect((await ok('GET', `${catalog}/locks`, bob)).items).toEqual([]);
  });

  it('should refuse an invalid commit naming the artifact and element, and a malformed body naming the field', async () => {
    const invalid = await send('POST', `${catalog}/commits`, bob, { parentVersion: 4, message: 'oops', changes: [{ op: 'update', artifactId: ids.approval, content: processXml('${amount &gt;&gt; 2}') }] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.details?.errors).toEqual([expect.objectContaining({ name: 'approval', elementId: 'f2', rule: 'CONDITION_SYNTAX' })]);
    const malformed = await send('POST', `${catalog}/commits`, bob, { parentVersion: -1, message: 'x', changes: [] });
    expect(malformed.status).toBe(400);
    expect(malformed.body.details?.fields?.map((f) => f.path).sort()).toEqual(['changes', 'parentVersion']);
  });

  it('should tag the result and serve the snapshot deployment packages', async () => {
    const tag = await send('POST', `${catalog}/tags`, bob, { name: 'release-1' });
    expect(tag).toMatchObject({ status: 201, body: { name: 'release-1', version: 4 } });
    expect((await send('POST', `${catalog}/tags`, ada, { name: 'release-1' })).status).toBe(409);
    const snap = await ok('GET', `${catalog}/tags/release-1/snapshot`, ada);
    const artifacts = snap.artifacts as { name: string; content: string; contentHash: string }[];
    expect(artifacts.map((a) => a.name).sort()).toEqual(['approval', 'claim', 'claim_form', 'needs_review']);
    for (const a of artifacts) expect(a.contentHash).toBe(createHash('sha256').update(a.content).digest('hex'));
    expect(artifacts.find((a) => a.name === 'needs_review')?.content).toContain('amount > 500');
    expect(artifacts.find((a) => a.name === 'claim_form')?.content).toContain('Claimed amount');
  });

  it('should keep the catalog from other companies and from people without a role', async () => {
    expect((await send('GET', `${catalog}/artifacts`, undefined)).status).toBe(401);
    const history = await ok('GET', `/api/v1/projects/${projectId}/catalog/commits`, admin);
    expect(history).toMatchObject({ headVersion: 4, total: 4 });
  });
});
