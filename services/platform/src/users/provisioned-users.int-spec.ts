import { ACCOUNTS_EVENT_SUBJECTS, AccountsEvents, type UserCreatedEvent } from '@fleet/contracts-accounts';
import { PlatformSubjects } from '@fleet/contracts-platform';
import { ensureServiceStream } from '@fleet/shared-events';
import { eventually, TEST_ENGINES, uniquePrefix } from '@fleet/shared-testing';
import { jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { startPlatform, type PlatformHarness } from '../test/platform-harness';

type Reply = Record<string, unknown> & { id: string };

/**
 * A person an external identity provider let in (accounts provisions the account and announces it
 * with source `oidc`) joins the realm's user pool here, from the event on JetStream.
 */
describe.each(TEST_ENGINES)('platform adopting users provisioned by an external provider on %s', (engine) => {
  const prefix = uniquePrefix(`prov${engine}`);
  let h: PlatformHarness;
  let env: string;
  const call = <T = Reply>(subject: string, data: unknown, token?: string) => h.call<T>(subject, data, token);
  const announce = async (e: UserCreatedEvent, msgID: string = randomUUID()) => {
    await jetstream(h.nc).publish(`${prefix}.${AccountsEvents.userCreated}`, JSON.stringify(e), { msgID });
  };
  const event = (over: Partial<UserCreatedEvent>): UserCreatedEvent => ({ userId: randomUUID(), companyId: h.companyId, realm: 'company', email: `p-${randomUUID()}@example.test`, source: 'oidc', displayName: 'External Person', at: new Date().toISOString(), ...over });

  beforeAll(async () => {
    h = await startPlatform(engine, prefix);
    await ensureServiceStream(h.nc, 'accounts', ACCOUNTS_EVENT_SUBJECTS, `${prefix}.`);
    const sub = await call(PlatformSubjects.subscriptionCreate, { companyId: h.companyId, kind: 'automation', name: 'Automation' });
    const project = await call(PlatformSubjects.projectCreate, { subscriptionId: sub.id, name: 'Provisioned' });
    env = (await call(PlatformSubjects.environmentCreate, { projectId: project.id, kind: 'production' })).id;
  });

  afterAll(() => h?.stop());

  it('should add a company-realm person to the user pool with no role, once, however often the event arrives', async () => {
    const e = event({});
    await announce(e, 'same-delivery');
    await announce(e, 'same-delivery');
    await announce(e); // a second message with the same content: the lookup by e-mail keeps one row
    const member = await eventually(async () => (await call<{ items: { id: string; email: string; status: string }[] }>(PlatformSubjects.companyUserList, { companyId: h.companyId, limit: 500 })).items.find((u) => u.id === e.userId), 'the provisioned member');
    expect(member).toMatchObject({ email: e.email, status: 'active' });
    const token = await h.identity.token(e.userId, h.companyId);
    await expect(call<{ grants: unknown[] }>(PlatformSubjects.accessMine, {}, token)).resolves.toMatchObject({ grants: [] });
    const audit = await call<{ items: { subjectId: string; actorId: string }[] }>(PlatformSubjects.auditList, { companyId: h.companyId, action: 'user.created' });
    expect(audit.items.filter((a) => a.subjectId === e.userId)).toEqual([expect.objectContaining({ actorId: 'oidc' })]);
  });

  it('should make an environment-realm person a Work Portal user of that environment with end_user', async () => {
    const e = event({ realm: `env:${env}` });
    await announce(e);
    const user = await eventually(async () => (await call<{ items: { id: string; email: string; roles: string[] }[] }>(PlatformSubjects.environmentUserList, { environmentId: env })).items.find((u) => u.id === e.userId), 'the provisioned end user');
    expect(user).toMatchObject({ email: e.email, roles: [] });
    const token = await h.identity.token(e.userId, h.companyId, { realm: `env:${env}`, eid: env });
    await expect(call(PlatformSubjects.permissionCheck, { action: 'workportal.use', resourceType: 'environment', resourceId: env }, token)).resolves.toMatchObject({ allowed: true });
  });

  it('should skip accounts created through platform, and environments of another company', async () => {
    const viaApi = event({ source: 'api' });
    const foreign = event({ realm: `env:${env}`, companyId: randomUUID() });
    const marker = event({});
    await announce(viaApi);
    await announce(foreign);
    await announce(marker);
    // events of one subject are handled in order: once the marker is in, the two before it were decided
    await eventually(async () => (await call<{ items: { id: string }[] }>(PlatformSubjects.companyUserList, { companyId: h.companyId, limit: 500 })).items.find((u) => u.id === marker.userId), 'the marker');
    const members = (await call<{ items: { id: string }[] }>(PlatformSubjects.companyUserList, { companyId: h.companyId, limit: 500 })).items.map((u) => u.id);
    expect(members).not.toContain(viaApi.userId);
    const endUsers = (await call<{ items: { id: string }[] }>(PlatformSubjects.environmentUserList, { environmentId: env })).items.map((u) => u.id);
    expect(endUsers).not.toContain(foreign.userId);
  });
});
