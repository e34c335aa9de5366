import { AccountsSubjects, type LoginReply } from '@fleet/contracts-accounts';
import type { RunningService } from '@fleet/shared-service-kit';
import { plainNatsClient, TEST_ENGINES, uniquePrefix } from '@fleet/shared-testing';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { createdUser, login, startAccounts, STRONG_PASSWORD } from '../test/accounts-harness';

/** What the fake platform answers to `platform.permission.check`, per resource id (default: allowed). */
type Answer = { allowed: boolean; visible: boolean };

describe.each(TEST_ENGINES)('accounts realm security policy API over NATS on %s', (engine) => {
  const prefix = uniquePrefix(`accp${engine}`);
  let svc: RunningService;
  let nc: NatsConnection;
  let sub: Subscription;
  let stop: () => Promise<void>;
  const answers = new Map<string, Answer>();
  const asked: { action: string; resourceType: string; resourceId: string; authorization: string | undefined }[] = [];

  const call = <T = unknown>(subject: string, data: unknown, token?: string): Promise<T> =>
    svc.ctx.rpc.request<T>(subject, data, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const codeOf = (p: Promise<unknown>) => p.then(() => 'OK', (e: { code?: string }) => e.code);
  const admin = async () => {
    const u = await createdUser(svc);
    const pair = (await login(svc, { email: u.email, password: STRONG_PASSWORD })) as { access_token: string };
    return { ...u, token: pair.access_token };
  };

  beforeAll(async () => {
    nc = await plainNatsClient();
    sub = nc.subscribe(`${prefix}.platform.permission.check`, {
      callback: (_err, msg) => {
        const req = msg.json<{ data: { action: string; resourceType: string; resourceId: string }; id: string }>();
        asked.push({ ...req.data, authorization: msg.headers?.get('authorization') });
        const a = answers.get(req.data.resourceId) ?? { allowed: true, visible: true };
        msg.respond(JSON.stringify({ response: { ...a, reason: 'test' }, isDisposed: true, id: req.id }));
      },
    });
    ({ svc, stop } = await startAccounts(engine, prefix));
  });
  afterAll(async () => {
    await stop?.();
    sub?.unsubscribe();
    await nc?.close();
  });

  it('should answer the defaults, then change only the fields given, asking platform with the caller\'s token', async () => {
    const a = await admin();
    await expect(call(AccountsSubjects.policyGet, { realm: 'company', companyId: a.companyId }, a.token)).resolves.toEqual({
      realm: 'company', passwordMinLength: 12, passwordMinClasses: 3, passwordExpiryDays: 0, lockoutThreshold: 5, lockoutWindowSeconds: 900, lockoutDurationSeconds: 900, idleTimeoutSeconds: 1200, maxSessions: 10, mfa: 'off',
    });
    expect(asked.at(-1)).toEqual({ action: 'company.manage', resourceType: 'company', resourceId: a.companyId, authorization: `Bearer ${a.token}` });
    await expect(call(AccountsSubjects.policyUpdate, { realm: 'company', passwordMinLength: 16, maxSessions: 3 }, a.token)).resolves.toMatchObject({ passwordMinLength: 16, maxSessions: 3, lockoutThreshold: 5 });
    await expect(call(AccountsSubjects.policyGet, { realm: 'company' }, a.token)).resolves.toMatchObject({ passwordMinLength: 16, maxSessions: 3 });
  });

  it('should keep each environment realm its own policy, authorized by environment.manage', async () => {
    const a = await admin();
    const env = randomUUID();
    await call(AccountsSubjects.policyUpdate, { realm: `env:${env}`, idleTimeoutSeconds: 600 }, a.token);
    expect(asked.at(-1)).toMatchObject({ action: 'environment.manage', resourceType: 'environment', resourceId: env });
    await expect(call(AccountsSubjects.policyGet, { realm: `env:${env}` }, a.token)).resolves.toMatchObject({ realm: `env:${env}`, idleTimeoutSeconds: 600 });
    await expect(call(AccountsSubjects.policyGet, { realm: 'company' }, a.token)).resolves.toMatchObject({ idleTimeoutSeconds: 1200 });
  });

  it('should refuse bad values naming each field, and change nothing', async () => {
    const a = await admin();
    const bad = await call(AccountsSubjects.policyUpdate, { realm: 'company', passwordMinLength: 4, passwordMinClasses: 5, maxSessions: 0, mfa: 'sms', lockoutThreshold: 'x' }, a.token).catch((e: unknown) => e);
    const paths = [...new Set((bad as { details: { fields: { path: string }[] } }).details.fields.map((f) => f.path))].sort();
    expect(bad).toMatchObject({ code: 'ACCOUNTS.VALIDATION' });
    expect(paths).toEqual(['lockoutThreshold', 'maxSessions', 'mfa', 'passwordMinClasses', 'passwordMinLength']);
    await expect(call(AccountsSubjects.policyGet, { realm: 'company' }, a.token)).resolves.toMatchObject({ passwordMinLength: 12, passwordMinClasses: 3, maxSessions: 10, mfa: 'off' });
  });

  it('should answer 403 when platform says visible but not allowed, 404 when not visible or another company', async () => {
    const a = await admin();
    answers.set(a.companyId, { allowed: false, visible: true });
    expect(await codeOf(call(AccountsSubjects.policyUpdate, { realm: 'company', passwordMinLength: 20 }, a.token))).toBe('ACCOUNTS.FORBIDDEN');
    answers.set(a.companyId, { allowed: false, visible: false });
    expect(await codeOf(call(AccountsSubjects.policyGet, { realm: 'company' }, a.token))).toBe('ACCOUNTS.NOT_FOUND');
    answers.delete(a.companyId);
    expect(await codeOf(call(AccountsSubjects.policyGet, { realm: 'company', companyId: randomUUID() }, a.token))).toBe('ACCOUNTS.NOT_FOUND');
    await expect(call(AccountsSubjects.policyGet, { realm: 'company' }, a.token)).resolves.toMatchObject({ passwordMinLength: 12 });
  });

  it('should refuse callers without a company-realm token', async () => {
    const env = randomUUID();
    const u = await createdUser(svc, { realm: `env:${env}` });
    const pair = (await login(svc, { email: u.email, password: STRONG_PASSWORD, realm: `env:${env}` })) as { access_token: string };
    expect(await codeOf(call(AccountsSubjects.policyGet, { realm: `env:${env}` }, pair.access_token))).toBe('AUTH.UNAUTHORIZED');
    expect(await codeOf(call(AccountsSubjects.policyGet, { realm: 'company' }))).toBe('AUTH.UNAUTHORIZED');
  });

  it('should turn MFA on for sign-in with mfa: email', async () => {
    const a = await admin();
    await expect(call(AccountsSubjects.policyUpdate, { realm: 'company', mfa: 'email' }, a.token)).resolves.toMatchObject({ mfa: 'email' });
    await expect(login(svc, { email: a.email, password: STRONG_PASSWORD }) as Promise<LoginReply>).resolves.toMatchObject({ mfa_required: true });
  });
});
