import { DeploymentSubjects, type DeploymentReply, type InspectionReply, type MaintenanceReply, type PackageFile, type PackageFileReply, type PackageReply, type SigningKeyReply } from '@fleet/contracts-deployment';
import type { RunningService } from '@fleet/shared-service-kit';
import { cleanupStreams, eventually, serviceTestEnv, startInProcess, testDatabase, uniquePrefix } from '@fleet/shared-testing';
import { generateKeyPairSync, sign } from 'node:crypto';
import { canonicalJson } from './packages/domain/canonical';
import { DeploymentService } from './service';
import { artifact, codeOf, DeploymentWorld, entity, sha } from './test/deployment-harness';
import { receiverService } from './test/receiver-service';

const S = DeploymentSubjects;

describe('deployment (real NATS, SQLite; stand-in platform and catalog; real package receivers)', () => {
  const prefix = uniquePrefix('deploy');
  let world: DeploymentWorld;
  let svc: RunningService;
  const receivers: Record<string, RunningService> = {};
  const installed: string[] = [];
  const drops: (() => Promise<void>)[] = [];
  let v1: PackageReply;

  const startService = async (name: string, def = DeploymentService, extra: Record<string, string> = {}) => {
    const db = await testDatabase('sqlite', `${prefix}-${name}`);
    drops.push(db.drop);
    return startInProcess(def, serviceTestEnv(name, { dbUrl: db.url, prefix, extra }));
  };
  const owner = () => world.tokens.owner;
  const apply = (kind: keyof DeploymentWorld['environments'], packageId: string, token = owner(), extra: Record<string, unknown> = {}) =>
    world.call<DeploymentReply>(S.deploymentApply, { environmentId: world.environments[kind], packageId, ...extra }, token);
  const deployment = (kind: keyof DeploymentWorld['environments'], id: string) => world.call<DeploymentReply>(S.deploymentGet, { environmentId: world.environments[kind], deploymentId: id }, owner());
  const until = (kind: keyof DeploymentWorld['environments'], id: string, status: string, timeoutMs = 30000) =>
    eventually(async () => ((await deployment(kind, id)).status === status ? deployment(kind, id) : undefined), `deployment ${id} to be ${status}`, timeoutMs, 100);
  const windowOf = (kind: keyof DeploymentWorld['environments']) => world.call<MaintenanceReply>(S.maintenanceGet, { environmentId: world.environments[kind] }, owner());

  beforeAll(async () => {
    world = await DeploymentWorld.start(prefix);
    svc = await startService('deployment', DeploymentService, { DEPLOYMENT_ACKNOWLEDGERS: 'work-portal,scheduler,connector', DEPLOYMENT_APPLY_TIMEOUT_MS: '20000', DEPLOYMENT_SWEEP_INTERVAL_MS: '200' });
    receivers['work-portal'] = await startService('work-portal', receiverService('work-portal', { install: async (env, pkg) => void installed.push(`${env}:${pkg.tag}`) }));
    receivers.scheduler = await startService('scheduler', receiverService('scheduler'));
    world.tag('v1', 1, [
      artifact('entity', 'Customer', entity([['name', 'string', true], ['email', 'string']])),
      artifact('process', 'Onboarding', '<bpmn:definitions/>'),
      artifact('parameter', 'apiUrl', { type: 'url', secret: false, default: 'https://example.test' }),
    ]);
    v1 = await world.call<PackageReply>(S.packageBuild, { projectId: world.projectId, tag: 'v1' }, owner());
  }, 60000);

  afterAll(async () => {
    for (const r of Object.values(receivers)) await r.stop();
    await svc?.stop();
    await world?.stop();
    for (const d of drops) await d();
    await cleanupStreams(prefix);
  });

  /** Plays `connector`, the third acknowledger: staged (or failed) once the real receivers have staged. */
  const connectorAcks = async (applyId: string, outcome: 'staged' | 'failed' = 'staged') => {
    await eventually(async () => ((await world.call<DeploymentReply>(S.deploymentGet, { environmentId: (await findEnv(applyId))!, deploymentId: applyId }, owner())).acknowledgements.filter((a) => a.outcome === 'staged').length >= 2 ? true : undefined), 'the receivers to stage', 60000, 100);
    const r = await world.ack(applyId, 'connector', outcome, outcome === 'failed' ? 'connector settings refused' : undefined);
    if (outcome === 'failed') return r;
    expect(r.status).toBe('committed');
    return world.ack(applyId, 'connector', 'activated');
  };
  const findEnv = async (applyId: string) => {
    for (const env of Object.values(world.environments)) {
      const r = await codeOf(world.call(S.deploymentGet, { environmentId: env, deploymentId: applyId }, owner()));
      if (r === 'OK') return env;
    }
    return undefined;
  };

  it('should build a package from a tag with the caller token forwarded, and the same tag again give the same package', async () => {
    expect(v1.id).toMatch(/^[0-9a-f]{64}$/);
    expect(v1.artifacts.map((a) => `${a.kind}:${a.name}`)).toEqual(['entity:Customer', 'parameter:apiUrl', 'process:Onboarding']);
    expect(world.catalogCalls.at(-1)).toBe(`Bearer ${owner()}`);
    const again = await world.call<PackageReply>(S.packageBuild, { projectId: world.projectId, tag: 'v1' }, owner());
    expect(again.id).toBe(v1.id);
    const list = await world.call<{ items: PackageReply[]; total: number }>(S.packageList, { projectId: world.projectId }, world.tokens.collaborator);
    expect(list.items.map((p) => p.id)).toEqual([v1.id]);
  });

  it('should let collaborators read but not build or apply, and hide everything from another company', async () => {
    expect(await codeOf(world.call(S.packageBuild, { projectId: world.projectId, tag: 'v1' }, world.tokens.collaborator))).toBe('DEPLOYMENT.FORBIDDEN');
    expect(await codeOf(world.call(S.packageGet, { projectId: world.projectId, packageId: v1.id }, world.tokens.collaborator))).toBe('OK');
    expect(await codeOf(apply('development', v1.id, world.tokens.collaborator))).toBe('DEPLOYMENT.FORBIDDEN');
    expect(await codeOf(world.call(S.packageGet, { projectId: world.projectId, packageId: v1.id }, world.tokens.stranger))).toBe('DEPLOYMENT.NOT_FOUND');
    expect(await codeOf(apply('development', v1.id, world.tokens.stranger))).toBe('DEPLOYMENT.NOT_FOUND');
    expect(await codeOf(world.call(S.packageBuild, { projectId: world.projectId, tag: 'no-such-tag' }, owner()))).toBe('DEPLOYMENT.NOT_FOUND');
    expect(await codeOf(world.call(S.packageGet, { projectId: world.projectId, packageId: v1.id }))).toBe('AUTH.UNAUTHORIZED');
  });

  it('should inspect a first deployment as all added, needing maintenance, safe', async () => {
    const i = await world.call<InspectionReply>(S.packageInspect, { projectId: world.projectId, packageId: v1.id, environmentId: world.environments.development }, owner());
    expect(i).toMatchObject({ firstDeployment: true, maintenance: true, safe: true, currentPackageId: null });
    expect(i.objects.map((o) => o.change)).toEqual(['added', 'added', 'added']);
  });

  it('should apply in two phases: maintenance while pending, commit when all three staged, receivers activate, window back to active', async () => {
    const d = await apply('development', v1.id);
    expect(d).toMatchObject({ status: 'pending', firstDeployment: true, maintenance: true, acknowledgers: ['work-portal', 'scheduler', 'connector'] });
    expect((await windowOf('development')).state).toBe('maintenance');
    // the real receivers stage and acknowledge; the apply stays open until connector does too
    await connectorAcks(d.id);
    const done = await until('development', d.id, 'done');
    expect(done.acknowledgements.filter((a) => a.outcome === 'activated').map((a) => a.service).sort()).toEqual(['connector', 'scheduler', 'work-portal']);
    expect(done.committedAt).not.toBeNull();
    expect(done.durationMs).toBeGreaterThan(0);
    expect(installed).toContain(`${world.environments.development}:v1`);
    const stages = (await receivers['work-portal'].ctx.dataSource.query('select status, package_id from package_stages')) as { status: string; package_id: string }[];
    expect(stages).toEqual([{ status: 'active', package_id: v1.id }]);
  }, 90000);

  it('should hold the promotion order: test after development, production not before staging, unless a company administrator overrides with a reason', async () => {
    expect(await codeOf(apply('production', v1.id))).toBe('DEPLOYMENT.CONFLICT');
    expect(await codeOf(apply('production', v1.id, owner(), { overridePromotion: true, reason: 'hotfix' }))).toBe('DEPLOYMENT.FORBIDDEN');
    expect(await codeOf(apply('production', v1.id, world.tokens.admin, { overridePromotion: true }))).toBe('DEPLOYMENT.VALIDATION');
    const t = await apply('test', v1.id);
    await connectorAcks(t.id);
    await until('test', t.id, 'done');
    const p = await apply('production', v1.id, world.tokens.admin, { overridePromotion: true, reason: 'regulator deadline' });
    expect(p).toMatchObject({ overrideBy: world.users.admin, overrideReason: 'regulator deadline' });
    await connectorAcks(p.id);
    await until('production', p.id, 'done');
    const audit = (await svc.ctx.dataSource.query("select action, actor_id from deployment_audit where action = 'promotion.overridden'")) as { action: string; actor_id: string }[];
    expect(audit).toEqual([{ action: 'promotion.overridden', actor_id: world.users.admin }]);
  }, 120000);

  it('should refuse an unsafe package with its reasons: a deployed entity attribute removed, a deployed object deleted', async () => {
    world.tag('v2-unsafe', 2, [artifact('entity', 'Customer', entity([['name', 'string', true]])), artifact('parameter', 'apiUrl', { type: 'url', secret: false, default: 'https://example.test' })]);
    const v2 = await world.call<PackageReply>(S.packageBuild, { projectId: world.projectId, tag: 'v2-unsafe' }, owner());
    const i = await world.call<InspectionReply>(S.packageInspect, { projectId: world.projectId, packageId: v2.id, environmentId: world.environments.development }, owner());
    expect(i.safe).toBe(false);
    expect(i.reasons).toEqual(expect.arrayContaining([expect.stringContaining('attribute email removed'), expect.stringContaining('process Onboarding is deployed and would be deleted')]));
    const refused = (await apply('development', v2.id).catch((e: unknown) => e)) as { code: string; details: { reasons: string[] } };
    expect(refused.code).toBe('DEPLOYMENT.CONFLICT');
    expect(refused.details.reasons.length).toBe(2);
  });

  it('should abort when a runtime service fails to stage: the environment stays on its package, receivers discard, the window reopens', async () => {
    world.tag('v3', 3, [
      artifact('entity', 'Customer', entity([['name', 'string', true], ['email', 'string'], ['phone', 'string']])),
      artifact('process', 'Onboarding', '<bpmn:definitions version="2"/>'),
      artifact('parameter', 'apiUrl', { type: 'url', secret: false, default: 'https://example.test' }),
    ]);
    const v3 = await world.call<PackageReply>(S.packageBuild, { projectId: world.projectId, tag: 'v3' }, owner());
    const i = await world.call<InspectionReply>(S.packageInspect, { projectId: world.projectId, packageId: v3.id, environmentId: world.environments.development }, owner());
    expect(i).toMatchObject({ safe: true, maintenance: true, firstDeployment: false, currentPackageId: v1.id });
    expect(i.objects.filter((o) => o.change === 'changed').map((o) => o.name)).toEqual(['Customer', 'Onboarding']);
    const d = await apply('development', v3.id);
    expect((await windowOf('development')).state).toBe('maintenance');
    await connectorAcks(d.id, 'failed');
    const aborted = await until('development', d.id, 'aborted');
    expect(aborted.reason).toContain('connector could not stage the package: connector settings refused');
    expect((await windowOf('development')).state).toBe('active');
    const again = await world.call<InspectionReply>(S.packageInspect, { projectId: world.projectId, packageId: v3.id, environmentId: world.environments.development }, owner());
    expect(again.currentPackageId).toBe(v1.id);
    await eventually(async () => {
      const rows = (await receivers['work-portal'].ctx.dataSource.query('select status from package_stages where package_id = $1'.replace('$1', `'${v3.id}'`))) as { status: string }[];
      return rows[0]?.status === 'discarded' ? true : undefined;
    }, 'the receiver to discard the stage');
  }, 90000);

  it('should abort an apply nobody finishes acknowledging by its deadline', async () => {
    world.tag('v4', 4, [artifact('entity', 'Customer', entity([['name', 'string', true], ['email', 'string']])), artifact('process', 'Onboarding', '<bpmn:definitions version="4"/>'), artifact('parameter', 'apiUrl', { type: 'url', secret: false, default: 'https://example.test' })]);
    const v4 = await world.call<PackageReply>(S.packageBuild, { projectId: world.projectId, tag: 'v4' }, owner());
    const d = await apply('development', v4.id);
    expect(d.maintenance).toBe(false); // a new process version alone needs no window
    expect((await windowOf('development')).state).toBe('active');
    const aborted = await until('development', d.id, 'aborted', 60000);
    expect(aborted.reason).toBe('timed out waiting for connector to stage the package');
  }, 90000);

  it('should refuse a manual close of a deployment window, and open and close a manual one', async () => {
    const env = world.environments.staging;
    const opened = await world.call<MaintenanceReply>(S.maintenanceOpen, { environmentId: env, message: 'Database upgrade' }, owner());
    expect(opened).toMatchObject({ state: 'maintenance', reason: 'manual', message: 'Database upgrade' });
    expect(await codeOf(world.call(S.maintenanceOpen, { environmentId: env }, owner()))).toBe('DEPLOYMENT.CONFLICT');
    expect(await codeOf(world.call(S.maintenanceOpen, { environmentId: env }, world.tokens.collaborator))).toBe('DEPLOYMENT.FORBIDDEN');
    const closed = await world.call<MaintenanceReply>(S.maintenanceClose, { environmentId: env }, owner());
    expect(closed.state).toBe('active');
    const announced = await world.call<MaintenanceReply>(S.maintenanceAnnounce, { environmentId: env, start: '2026-12-01T20:00:00Z', end: '2026-12-01T22:00:00Z', message: 'Planned upgrade' }, owner());
    expect(announced.announcement).toEqual({ start: '2026-12-01T20:00:00.000Z', end: '2026-12-01T22:00:00.000Z', message: 'Planned upgrade' });
    // a deployment's window: staging gets v1 (it ran in test), held open by connector
    const d = await apply('staging', v1.id);
    expect(await windowOf('staging')).toMatchObject({ state: 'maintenance', reason: 'deployment', deploymentId: d.id });
    expect(await codeOf(world.call(S.maintenanceClose, { environmentId: env }, owner()))).toBe('DEPLOYMENT.CONFLICT');
    const list = await world.call<{ items: MaintenanceReply[] }>(S.maintenanceList, {}, await world.identity.serviceToken('gateway'));
    expect(list.items.map((w) => w.environmentId)).toContain(env);
    expect(await codeOf(world.call(S.maintenanceList, {}, await world.identity.serviceToken('scheduler')))).toBe('DEPLOYMENT.UNAUTHORIZED');
    await connectorAcks(d.id);
    await until('staging', d.id, 'done');
    expect((await windowOf('staging')).state).toBe('active');
  }, 90000);

  it('should take acknowledgements only from the service itself', async () => {
    const history = await world.call<{ items: DeploymentReply[] }>(S.deploymentList, { environmentId: world.environments.development }, owner());
    const applyId = history.items[0].id;
    const token = await world.identity.serviceToken('scheduler');
    expect(await codeOf(world.call(S.applyAcknowledge, { applyId, service: 'connector', outcome: 'staged' }, token))).toBe('DEPLOYMENT.UNAUTHORIZED');
    expect(await codeOf(world.call(S.applyAcknowledge, { applyId, service: 'connector', outcome: 'staged' }, owner()))).toBe('AUTH.UNAUTHORIZED');
  });

  describe('export and import', () => {
    const fileOf = async () => JSON.parse((await world.call<PackageFileReply>(S.packageExport, { projectId: world.projectId, packageId: v1.id }, owner())).file) as PackageFile;
    const importFile = (f: PackageFile, token = owner()) => world.call<PackageReply>(S.packageImport, { projectId: world.projectId, file: Buffer.from(JSON.stringify(f)).toString('base64') }, token);

    it('should export a signed file that imports again (same id)', async () => {
      const f = await fileOf();
      expect(f.signature.keyId).toBe((await world.call<SigningKeyReply>(S.signingKeyGet, {}, owner())).keyId);
      expect((await importFile(f)).id).toBe(v1.id);
    });

    it('should refuse a file whose content and checksum were both edited (the signature no longer matches)', async () => {
      const f = await fileOf();
      const param = f.content.artifacts.find((a) => a.kind === 'parameter')!;
      param.content = JSON.stringify({ type: 'url', secret: false, default: 'https://attacker.test' });
      param.contentHash = sha(param.content);
      f.checksum = sha(canonicalJson(f.content));
      const refused = (await importFile(f).catch((e: unknown) => e)) as { code: string; message: string };
      expect(refused.code).toBe('DEPLOYMENT.VALIDATION');
      expect(refused.message).toContain('signature does not verify');
      const lazy = await fileOf();
      lazy.content.tag = 'edited';
      expect(((await importFile(lazy).catch((e: unknown) => e)) as { message: string }).message).toContain('checksum does not match');
    });

    it('should refuse a file re-signed by an untrusted key until a company administrator trusts that key', async () => {
      const f = await fileOf();
      f.content.tag = 'from-elsewhere';
      f.checksum = sha(canonicalJson(f.content));
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      const raw = publicKey.export({ format: 'jwk' }).x!;
      f.signature = { alg: 'Ed25519', keyId: 'ignored', publicKey: raw, value: sign(null, Buffer.from(`fleet-package/1\n${f.checksum}`), privateKey).toString('base64url') };
      expect(((await importFile(f).catch((e: unknown) => e)) as { message: string }).message).toContain('do not trust');
      expect(await codeOf(world.call(S.trustedKeyAdd, { companyId: world.companyId, publicKey: raw, name: 'Other fleet' }, owner()))).toBe('DEPLOYMENT.FORBIDDEN');
      const trusted = await world.call<{ keyId: string }>(S.trustedKeyAdd, { companyId: world.companyId, publicKey: raw, name: 'Other fleet' }, world.tokens.admin);
      const imported = await importFile(f);
      expect(imported).toMatchObject({ origin: 'imported', signedBy: trusted.keyId, tag: 'from-elsewhere' });
      await world.call(S.trustedKeyRemove, { companyId: world.companyId, keyId: trusted.keyId }, world.tokens.admin);
      f.content.tag = 'from-elsewhere-2';
      f.checksum = sha(canonicalJson(f.content));
      f.signature.value = sign(null, Buffer.from(`fleet-package/1\n${f.checksum}`), privateKey).toString('base64url');
      expect(((await importFile(f).catch((e: unknown) => e)) as { message: string }).message).toContain('do not trust');
    });
  });
});
