import { streamNameOf } from '@fleet/contracts-fleet';
import { PlatformEvents, PlatformSubjects } from '@fleet/contracts-platform';
import type { RunningService } from '@fleet/shared-service-kit';
import { eventually, FakeIdentity, TEST_ENGINES, uniquePrefix } from '@fleet/shared-testing';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { codeOf, startPlatform, type PlatformHarness } from './test/platform-harness';

type Reply = Record<string, unknown> & { id: string };

/**
 * platform's tenancy and access rules over real NATS and a real database, with a stand-in for
 * accounts (signing keys, identities) that speaks the accounts contract.
 */
describe.each(TEST_ENGINES)('platform organization and access on %s', (engine) => {
  const prefix = uniquePrefix(`org${engine}`);
  let h: PlatformHarness;
  let svc: RunningService;
  let nc: NatsConnection;
  let identity: FakeIdentity;
  let companyA: string;
  let adminA: string;
  let adminToken: string;

  /** Without a token unless one is given (the harness's call defaults to the administrator's). */
  const call = <T = Reply>(subject: string, data: unknown, token?: string) =>
    svc.ctx.rpc.request<T>(subject, data, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const lastInvitationToken = async (email: string) => {
    const jsm = await jetstreamManager(nc);
    return eventually(async () => {
      const m = await jsm.streams.getMessage(streamNameOf('platform', `${prefix}.`), { last_by_subj: `${prefix}.${PlatformEvents.invitationIssued}` }).catch(() => undefined);
      const e = m?.json<{ email: string; token: string }>();
      return e?.email === email ? e.token : undefined;
    }, `the invitation e-mail event for ${email}`);
  };

  beforeAll(async () => {
    h = await startPlatform(engine, prefix, 'root@example.test', { FLEET_ADMIN_PASSWORD: 'x' });
    ({ svc, nc, identity, adminToken } = h);
    adminA = h.adminId;
    companyA = h.companyId;
  });

  afterAll(() => h?.stop());

  it('should create identities in accounts as the platform service itself (its own service token, not a user token)', () => {
    expect(identity.internalCallers.length).toBeGreaterThan(0);
    expect(new Set(identity.internalCallers)).toEqual(new Set(['svc:platform']));
  });

  it('should bootstrap one company whose administrator is company admin and platform operator', async () => {
    const mine = await call<{ grants: { role: string }[] }>(PlatformSubjects.accessMine, {}, adminToken);
    expect(mine.grants.map((g) => g.role).sort()).toEqual(['company_admin', 'platform_operator']);
    const list = await call<{ items: { slug: string }[] }>(PlatformSubjects.companyList, {}, adminToken);
    expect(list.items.map((c) => c.slug)).toEqual(['fleet']);
  });

  it('should refuse every request without a valid token', async () => {
    await expect(codeOf(call(PlatformSubjects.projectList, {}))).resolves.toBe('AUTH.UNAUTHORIZED');
    await expect(codeOf(call(PlatformSubjects.projectList, {}, `${adminToken.slice(0, -3)}abc`))).resolves.toBe('AUTH.UNAUTHORIZED');
    const envToken = await identity.token(adminA, companyA, { realm: `env:${companyA}`, eid: companyA });
    await expect(codeOf(call(PlatformSubjects.projectList, {}, envToken))).resolves.toBe('AUTH.UNAUTHORIZED');
  });

  describe('a company built by its administrator, and a collaborator invited to one project', () => {
    let subscription: string;
    let p1: string;
    let p2: string;
    let collaborator: string;
    let collabToken: string;

    beforeAll(async () => {
      subscription = (await call(PlatformSubjects.subscriptionCreate, { companyId: companyA, kind: 'studio', name: 'Studio' }, adminToken)).id;
      p1 = (await call(PlatformSubjects.projectCreate, { subscriptionId: subscription, name: 'Purchasing' }, adminToken)).id;
      p2 = (await call(PlatformSubjects.projectCreate, { subscriptionId: subscription, name: 'Payroll' }, adminToken)).id;
      await call(PlatformSubjects.environmentCreate, { projectId: p1, kind: 'development' }, adminToken);
      await call(PlatformSubjects.environmentCreate, { projectId: p1, kind: 'test' }, adminToken);
      await call(PlatformSubjects.invitationCreate, { companyId: companyA, email: 'Carol@Example.test', role: 'collaborator', resourceId: p1 }, adminToken);
      const token = await lastInvitationToken('carol@example.test');
      const accepted = await call<{ userId: string; status: string }>(PlatformSubjects.invitationAccept, { token, password: 'Correct-Horse-9' });
      expect(accepted.status).toBe('accepted');
      collaborator = accepted.userId;
      collabToken = await identity.token(collaborator, companyA);
    });

    it('should keep project names unique within the company, case-insensitively', async () => {
      await expect(codeOf(call(PlatformSubjects.projectCreate, { subscriptionId: subscription, name: 'PURCHASING' }, adminToken))).resolves.toBe('PLATFORM.CONFLICT');
    });

    it('should let the collaborator see that project and nothing else', async () => {
      const projects = await call<{ items: { id: string }[] }>(PlatformSubjects.projectList, {}, collabToken);
      expect(projects.items.map((p) => p.id)).toEqual([p1]);
      await expect(codeOf(call(PlatformSubjects.projectGet, { projectId: p1 }, collabToken))).resolves.toBe('OK');
      await expect(codeOf(call(PlatformSubjects.projectGet, { projectId: p2 }, collabToken))).resolves.toBe('PLATFORM.NOT_FOUND');
      const envs = await call<{ items: { kind: string }[] }>(PlatformSubjects.environmentList, { projectId: p1 }, collabToken);
      expect(envs.items.map((e) => e.kind)).toEqual(['development', 'test']);
    });

    it('should answer 403 for what the collaborator may see but not do, and 404 for what it may not see', async () => {
      await expect(codeOf(call(PlatformSubjects.environmentCreate, { projectId: p1, kind: 'staging' }, collabToken))).resolves.toBe('PLATFORM.FORBIDDEN');
      await expect(codeOf(call(PlatformSubjects.environmentCreate, { projectId: p2, kind: 'staging' }, collabToken))).resolves.toBe('PLATFORM.NOT_FOUND');
      await expect(codeOf(call(PlatformSubjects.companyUserList, { companyId: companyA }, collabToken))).resolves.toBe('PLATFORM.FORBIDDEN');
      await expect(codeOf(call(PlatformSubjects.companyCreate, { name: 'Nope Inc', slug: 'nope' }, collabToken))).resolves.toBe('PLATFORM.FORBIDDEN');
    });

    it('should accept an invitation only once', async () => {
      await call(PlatformSubjects.invitationCreate, { companyId: companyA, email: 'dave@example.test', role: 'collaborator', resourceId: p2 }, adminToken);
      const token = await lastInvitationToken('dave@example.test');
      await expect(codeOf(call(PlatformSubjects.invitationAccept, { token }))).resolves.toBe('OK');
      await expect(codeOf(call(PlatformSubjects.invitationAccept, { token }))).resolves.toBe('PLATFORM.NOT_FOUND');
      await expect(codeOf(call(PlatformSubjects.invitationAccept, { token: 'x'.repeat(43) }))).resolves.toBe('PLATFORM.NOT_FOUND');
    });

    it('should stop a revoked grant from working at once', async () => {
      const grants = await call<{ items: { id: string; role: string; resourceId: string }[] }>(PlatformSubjects.grantList, { companyId: companyA, userId: collaborator }, adminToken);
      const g = grants.items.find((x) => x.role === 'collaborator' && x.resourceId === p1)!;
      await call(PlatformSubjects.grantRevoke, { companyId: companyA, grantId: g.id }, adminToken);
      await expect(codeOf(call(PlatformSubjects.projectGet, { projectId: p1 }, collabToken))).resolves.toBe('PLATFORM.NOT_FOUND');
      await call(PlatformSubjects.grantCreate, { companyId: companyA, userId: collaborator, role: 'collaborator', resourceId: p1 }, adminToken);
      await expect(codeOf(call(PlatformSubjects.projectGet, { projectId: p1 }, collabToken))).resolves.toBe('OK');
    });

    it('should answer the permission API for other services', async () => {
      await expect(call(PlatformSubjects.permissionCheck, { action: 'project.collaborate', resourceType: 'project', resourceId: p1 }, collabToken)).resolves.toMatchObject({ allowed: true, visible: true });
      await expect(call(PlatformSubjects.permissionCheck, { action: 'project.deploy', resourceType: 'project', resourceId: p1 }, collabToken)).resolves.toMatchObject({ allowed: false, visible: true });
      await expect(call(PlatformSubjects.permissionCheck, { action: 'project.read', resourceType: 'project', resourceId: p2 }, collabToken)).resolves.toMatchObject({ allowed: false, visible: false });
    });

    it('should import users from CSV, reporting each bad row and importing the rest', async () => {
      const csv = 'email,displayName\nerin@example.test,Erin\nnot-an-email,Bad\nfrank@example.test,\n"grace@example.test","Grace, Hopper"\nerin@example.test,Erin again\n';
      const r = await call<{ created: number; existing: number; errors: { line: number; field: string }[] }>(PlatformSubjects.companyUserImport, { companyId: companyA, csv }, adminToken);
      expect(r.created).toBe(2);
      expect(r.errors.map((e) => [e.line, e.field])).toEqual([
        [3, 'email'],
        [4, 'displayName'],
        [6, 'email'],
      ]);
      const users = await call<{ items: { email: string; displayName: string }[] }>(PlatformSubjects.companyUserList, { companyId: companyA }, adminToken);
      expect(users.items.find((u) => u.email === 'grace@example.test')?.displayName).toBe('Grace, Hopper');
    });

    it('should delete a project and its environments only with the confirmation', async () => {
      await expect(codeOf(call(PlatformSubjects.projectDelete, { projectId: p1, confirmName: 'purchasing' }, adminToken))).resolves.toBe('PLATFORM.VALIDATION');
      const envs = (await call<{ items: { id: string }[] }>(PlatformSubjects.environmentList, { projectId: p1 }, adminToken)).items;
      await call(PlatformSubjects.projectDelete, { projectId: p1, confirmName: 'Purchasing' }, adminToken);
      await expect(codeOf(call(PlatformSubjects.projectGet, { projectId: p1 }, adminToken))).resolves.toBe('PLATFORM.NOT_FOUND');
      await expect(codeOf(call(PlatformSubjects.environmentGet, { environmentId: envs[0].id }, adminToken))).resolves.toBe('PLATFORM.NOT_FOUND');
    });
  });

  describe('the security audit', () => {
    it('should record grants, revocations and user creation with who, whom and from where, for company administrators only', async () => {
      const audit = await call<{ items: { action: string; actorId: string; subjectId: string; clientIp: string | null }[] }>(PlatformSubjects.auditList, { companyId: companyA, category: 'authorization' }, adminToken);
      const actions = audit.items.map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['grant.granted', 'grant.revoked']));
      const revoked = audit.items.find((e) => e.action === 'grant.revoked')!;
      expect(revoked.actorId).toBe(adminA);
      const users = await call<{ items: { action: string; details: { email: string } }[] }>(PlatformSubjects.auditList, { companyId: companyA, action: 'user.created' }, adminToken);
      expect(users.items.map((e) => e.details.email)).toEqual(expect.arrayContaining(['carol@example.test', 'root@example.test']));
      const h = { authorization: `Bearer ${adminToken}`, 'x-fleet-client-ip': '203.0.113.7' };
      const dave = await svc.ctx.rpc.request<Reply>(PlatformSubjects.companyUserCreate, { companyId: companyA, email: 'zed@example.test', displayName: 'Zed' }, { headers: h });
      const byUser = await call<{ items: { action: string; clientIp: string | null }[] }>(PlatformSubjects.auditList, { companyId: companyA, userId: dave.id }, adminToken);
      expect(byUser.items).toEqual([expect.objectContaining({ action: 'user.created', clientIp: '203.0.113.7' })]);
      const someone = (await call<{ items: { id: string; email: string }[] }>(PlatformSubjects.companyUserList, { companyId: companyA }, adminToken)).items.find((u) => u.email === 'carol@example.test')!;
      await expect(codeOf(call(PlatformSubjects.auditList, { companyId: companyA }, await identity.token(someone.id, companyA)))).resolves.toBe('PLATFORM.FORBIDDEN');
    });
  });

  describe('another company', () => {
    it('should be created by the operator with an invited administrator who sees only their own company', async () => {
      const b = await call(PlatformSubjects.companyCreate, { name: 'Beta Ltd', slug: 'beta', adminEmail: 'boss@beta.test' }, adminToken);
      const token = await lastInvitationToken('boss@beta.test');
      const accepted = await call<{ userId: string }>(PlatformSubjects.invitationAccept, { token, password: 'Another-Secret-7' });
      const bossToken = await identity.token(accepted.userId, b.id);
      const companies = await call<{ items: { id: string }[] }>(PlatformSubjects.companyList, {}, bossToken);
      expect(companies.items.map((c) => c.id)).toEqual([b.id]);
      await expect(codeOf(call(PlatformSubjects.companyGet, { companyId: companyA }, bossToken))).resolves.toBe('PLATFORM.NOT_FOUND');
      await expect(codeOf(call(PlatformSubjects.companyUserList, { companyId: companyA }, bossToken))).resolves.toBe('PLATFORM.NOT_FOUND');
      const projectsOfA = await call<{ items: unknown[] }>(PlatformSubjects.projectList, {}, bossToken);
      expect(projectsOfA.items).toEqual([]);
      // a token claiming company A for B's administrator gets nothing of A either
      const forged = await identity.token(accepted.userId, companyA);
      await expect(codeOf(call(PlatformSubjects.companyUserList, { companyId: companyA }, forged))).resolves.toBe('PLATFORM.FORBIDDEN');
    });
  });
});
