import { DeploymentSubjects, type DeploymentReply, type InspectionReply, type MaintenanceReply, type PackageReply } from '@fleet/contracts-deployment';
import { cleanupStreams, eventually, freePort, ServiceProcess, serviceTestEnv, testDatabase, uniquePrefix } from '@fleet/shared-testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifact, DeploymentWorld, entity } from './test/deployment-harness';

const S = DeploymentSubjects;

/**
 * Crash safety with the built service as a real child process, killed with SIGKILL in the middle
 * of applies: after a restart the environment runs the old package or the new one, never a mix,
 * and in-flight applies are resumed (committed when every acknowledgement is in) or aborted (past
 * their deadline). The test plays the two acknowledgers (scheduler, connector).
 */
describe('deployment crash safety (SIGKILL mid-apply, restart)', () => {
  const prefix = uniquePrefix('crash');
  const dir = mkdtempSync(join(tmpdir(), 'fleet-deploy-crash-'));
  let world: DeploymentWorld;
  let dbUrl: string;
  let drop: () => Promise<void>;
  let proc: ServiceProcess;
  const packages: Record<string, string> = {};
  const env = () => world.environments.development;

  const boot = async (timeoutMs: string) => {
    const port = await freePort();
    proc = new ServiceProcess('deployment', port, { PATH: process.env.PATH, ...serviceTestEnv('deployment', { dbUrl, prefix, extra: { DEPLOYMENT_HEALTH_PORT: String(port), DEPLOYMENT_ACKNOWLEDGERS: 'scheduler,connector', DEPLOYMENT_APPLY_TIMEOUT_MS: timeoutMs, DEPLOYMENT_SWEEP_INTERVAL_MS: '200', LOG_LEVEL: 'info' } }) }, join(dir, 'deployment.log'));
    proc.start();
    await proc.ready();
  };
  const get = (id: string) => world.call<DeploymentReply>(S.deploymentGet, { environmentId: env(), deploymentId: id }, world.tokens.owner);
  const current = async () => (await world.call<InspectionReply>(S.packageInspect, { projectId: world.projectId, packageId: packages.v1, environmentId: env() }, world.tokens.owner)).currentPackageId;
  const until = (id: string, status: string) => eventually(async () => ((await get(id)).status === status ? true : undefined), `deployment ${id} to be ${status}`, 20000, 100);
  const build = async (tag: string, version: number, processXml: string, attributes: [string, string][]) => {
    world.tag(tag, version, [artifact('entity', 'Order', entity([['number', 'string', true], ...attributes])), artifact('process', 'Fulfil', processXml, 'c6f0a5d2-6d7c-4b8f-9a51-000000000001')]);
    packages[tag] = (await world.call<PackageReply>(S.packageBuild, { projectId: world.projectId, tag }, world.tokens.owner)).id;
  };
  const apply = (tag: string) => world.call<DeploymentReply>(S.deploymentApply, { environmentId: env(), packageId: packages[tag] }, world.tokens.owner);
  const stageAll = async (id: string) => {
    await world.ack(id, 'scheduler', 'staged');
    await world.ack(id, 'connector', 'staged');
  };
  const activateAll = async (id: string) => {
    await world.ack(id, 'scheduler', 'activated');
    await world.ack(id, 'connector', 'activated');
  };
  /** The one invariant: a committed (or done) apply ⇔ the environment runs its package. */
  const consistent = async (id: string, before: string, after: string) => {
    const d = await get(id);
    const now = await current();
    if (d.status === 'committed' || d.status === 'done') expect(now).toBe(after);
    else expect(now).toBe(before);
    return d.status;
  };

  beforeAll(async () => {
    world = await DeploymentWorld.start(prefix);
    ({ url: dbUrl, drop } = await testDatabase('sqlite', `${prefix}-deployment`));
    await boot('60000');
    await build('v1', 1, '<bpmn:definitions v="1"/>', []);
    const first = await apply('v1');
    await stageAll(first.id);
    await activateAll(first.id);
    await until(first.id, 'done');
  }, 90000);

  afterAll(async () => {
    await proc?.kill('SIGTERM');
    await world?.stop();
    await drop?.();
    await cleanupStreams(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('should resume an apply killed between acknowledgements and commit it once the rest arrive', async () => {
    await build('v2', 2, '<bpmn:definitions v="2"/>', [['note', 'text']]);
    const d = await apply('v2');
    expect((await world.call<MaintenanceReply>(S.maintenanceGet, { environmentId: env() }, world.tokens.owner)).state).toBe('maintenance');
    await world.ack(d.id, 'scheduler', 'staged');
    const killed = await proc.kill('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    await boot('60000');
    expect((await get(d.id)).status).toBe('pending');
    expect(await current()).toBe(packages.v1);
    expect((await world.call<MaintenanceReply>(S.maintenanceGet, { environmentId: env() }, world.tokens.owner)).state).toBe('maintenance');
    expect((await world.ack(d.id, 'connector', 'staged')).status).toBe('committed');
    expect(await current()).toBe(packages.v2);
    await activateAll(d.id);
    await until(d.id, 'done');
    expect((await world.call<MaintenanceReply>(S.maintenanceGet, { environmentId: env() }, world.tokens.owner)).state).toBe('active');
  }, 90000);

  it('should keep the environment consistent when killed right as the last acknowledgement commits', async () => {
    await build('v3', 3, '<bpmn:definitions v="3"/>', [['note', 'text'], ['due', 'date']]);
    const d = await apply('v3');
    await world.ack(d.id, 'scheduler', 'staged');
    // the last acknowledgement and the kill race: the commit transaction happened entirely or not at all
    const last = world.ack(d.id, 'connector', 'staged').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 5));
    await proc.kill('SIGKILL');
    await last;
    await boot('60000');
    await consistent(d.id, packages.v2, packages.v3);
    // whichever side of the commit the kill fell on, the resumed apply (every staged ack is in, or arrives again) commits
    await world.ack(d.id, 'connector', 'staged');
    await until(d.id, 'committed').catch(() => until(d.id, 'done'));
    expect(await consistent(d.id, packages.v2, packages.v3)).toMatch(/committed|done/);
    await activateAll(d.id);
    await until(d.id, 'done');
  }, 90000);

  it('should abort on restart an apply whose deadline passed while the service was down, leaving the old package', async () => {
    await proc.kill('SIGTERM');
    await boot('1500');
    await build('v4', 4, '<bpmn:definitions v="4"/>', [['note', 'text'], ['due', 'date'], ['owner', 'string']]);
    const d = await apply('v4');
    await world.ack(d.id, 'scheduler', 'staged');
    await proc.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 2000));
    await boot('1500');
    await until(d.id, 'aborted');
    expect((await get(d.id)).reason).toBe('timed out waiting for connector to stage the package');
    expect(await current()).toBe(packages.v3);
    expect((await world.call<MaintenanceReply>(S.maintenanceGet, { environmentId: env() }, world.tokens.owner)).state).toBe('active');
  }, 90000);
});
