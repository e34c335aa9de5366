import { PlatformSubjects } from '@fleet/contracts-platform';
import { TEST_ENGINES, uniquePrefix } from '@fleet/shared-testing';
import { codeOf, startPlatform, type PlatformHarness } from '../test/platform-harness';

type Reply = Record<string, unknown> & { id: string };

describe.each(TEST_ENGINES)('platform environment users on %s', (engine) => {
  const prefix = uniquePrefix(`envu${engine}`);
  let h: PlatformHarness;
  let env: string;
  let otherEnv: string;
  let companyId: string;
  const call = <T = Reply>(subject: string, data: unknown, token?: string) => h.call<T>(subject, data, token);

  beforeAll(async () => {
    h = await startPlatform(engine, prefix);
    companyId = h.companyId;
    const sub = await call(PlatformSubjects.subscriptionCreate, { companyId, kind: 'automation', name: 'Automation' });
    const project = await call(PlatformSubjects.projectCreate, { subscriptionId: sub.id, name: 'Claims' });
    env = (await call(PlatformSubjects.environmentCreate, { projectId: project.id, kind: 'production' })).id;
    otherEnv = (await call(PlatformSubjects.environmentCreate, { projectId: project.id, kind: 'test' })).id;
  });

  afterAll(() => h?.stop());

  it('should create a Work Portal user in the environment realm with roles, groups and a manager, and grant end_user there', async () => {
    const boss = await call(PlatformSubjects.environmentUserCreate, { environmentId: env, email: 'Boss@Example.test', displayName: 'Boss', roles: ['Approver'], groups: ['Finance'] });
    const clerk = await call(PlatformSubjects.environmentUserCreate, { environmentId: env, email: 'clerk@example.test', displayName: 'Clerk', roles: ['Requester'], managerId: boss.id });
    expect(clerk).toMatchObject({ email: 'clerk@example.test', roles: ['Requester'], groups: [], managerId: boss.id, status: 'active' });
    expect(h.identity.users.get(`env:${env}|clerk@example.test`)?.userId).toBe(clerk.id);
    const clerkToken = await h.identity.token(clerk.id, companyId, { realm: `env:${env}`, eid: env });
    await expect(call(PlatformSubjects.permissionCheck, { action: 'workportal.use', resourceType: 'environment', resourceId: env }, clerkToken)).resolves.toMatchObject({ allowed: true });
    await expect(call(PlatformSubjects.permissionCheck, { action: 'workportal.use', resourceType: 'environment', resourceId: otherEnv }, clerkToken)).resolves.toMatchObject({ allowed: false });
  });

  it('should refuse a manager from another environment and a duplicate e-mail, changing nothing', async () => {
    const outsider = await call(PlatformSubjects.environmentUserCreate, { environmentId: otherEnv, email: 'out@example.test', displayName: 'Out' });
    await expect(codeOf(call(PlatformSubjects.environmentUserCreate, { environmentId: env, email: 'x@example.test', displayName: 'X', managerId: outsider.id }))).resolves.toBe('PLATFORM.NOT_FOUND');
    await expect(codeOf(call(PlatformSubjects.environmentUserCreate, { environmentId: env, email: 'clerk@example.test', displayName: 'Again' }))).resolves.toBe('PLATFORM.CONFLICT');
    const list = await call<{ total: number }>(PlatformSubjects.environmentUserList, { environmentId: env });
    expect(list.total).toBe(2);
  });

  it('should edit roles, groups and manager one by one, and filter by role and group', async () => {
    const clerk = (await call<{ items: Reply[] }>(PlatformSubjects.environmentUserList, { environmentId: env, role: 'Requester' })).items[0];
    const updated = await call(PlatformSubjects.environmentUserUpdate, { environmentId: env, userId: clerk.id, groups: ['Finance', 'Night shift'], managerId: null });
    expect(updated).toMatchObject({ groups: ['Finance', 'Night shift'], managerId: null, roles: ['Requester'] });
    const finance = await call<{ items: { email: string }[] }>(PlatformSubjects.environmentUserList, { environmentId: env, group: 'Finance' });
    expect(finance.items.map((u) => u.email)).toEqual(['boss@example.test', 'clerk@example.test']);
  });

  it('should import Work Portal users from CSV with managers defined in the same file, reporting bad rows', async () => {
    const csv = 'email,displayName,roles,groups,managerEmail\nann@example.test,Ann,Approver;Auditor,Finance,\nbob@example.test,Bob,Requester,,ann@example.test\ncid@example.test,Cid,Bad<Role>,,\ndee@example.test,Dee,,,nobody@example.test\n';
    const r = await call<{ created: number; errors: { line: number; field: string }[] }>(PlatformSubjects.environmentUserImport, { environmentId: env, csv });
    expect(r.created).toBe(3);
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [4, 'roles'],
      [5, 'managerEmail'],
    ]);
    const bob = (await call<{ items: { email: string; managerId: string | null }[] }>(PlatformSubjects.environmentUserList, { environmentId: env, role: 'Requester' })).items.find((u) => u.email === 'bob@example.test');
    const ann = (await call<{ items: { id: string; email: string }[] }>(PlatformSubjects.environmentUserList, { environmentId: env, role: 'Auditor' })).items[0];
    expect(bob?.managerId).toBe(ann.id);
  });

  it('should refuse environment users management to a collaborator (403) and to another company (404)', async () => {
    const collaborator = await call(PlatformSubjects.companyUserCreate, { companyId, email: 'colla@example.test', displayName: 'Colla' });
    const project = (await call<{ items: Reply[] }>(PlatformSubjects.projectList, {})).items[0];
    await call(PlatformSubjects.grantCreate, { companyId, userId: collaborator.id, role: 'collaborator', resourceId: project.id });
    const collabToken = await h.identity.token(collaborator.id, companyId);
    await expect(codeOf(call(PlatformSubjects.environmentUserList, { environmentId: env }, collabToken))).resolves.toBe('PLATFORM.FORBIDDEN');
    const stranger = await h.identity.token(collaborator.id, '00000000-0000-4000-8000-00000000000b');
    await expect(codeOf(call(PlatformSubjects.environmentUserList, { environmentId: env }, stranger))).resolves.toBe('PLATFORM.NOT_FOUND');
  });
});
