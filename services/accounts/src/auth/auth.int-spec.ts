import { AccountsSubjects } from '@fleet/contracts-accounts';
import type { RunningService } from '@fleet/shared-service-kit';
import { TEST_ENGINES, uniquePrefix } from '@fleet/shared-testing';
import { randomUUID } from 'node:crypto';
import { asService, createdUser, login, rejectionOf, setPolicy, startAccounts, STRONG_PASSWORD, verifyAccessToken } from '../test/accounts-harness';

describe.each(TEST_ENGINES)('accounts sign-in over NATS on %s', (engine) => {
  const prefix = uniquePrefix(`acca${engine}`);
  let svc: RunningService;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ svc, stop } = await startAccounts(engine, prefix));
  });
  afterAll(async () => stop?.());

  describe('accounts.auth.login', () => {
    it('should answer a token pair whose access token verifies against accounts.jwks.get with the documented claims', async () => {
      const u = await createdUser(svc);
      const pair = await login(svc, { email: u.email.toUpperCase(), password: STRONG_PASSWORD });
      expect(pair).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
      expect(pair.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const { payload, protectedHeader } = await verifyAccessToken(svc, pair.access_token);
      expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: expect.any(String) });
      expect(payload).toMatchObject({ iss: 'fleet', aud: 'fleet-api', sub: u.userId, realm: 'company', cid: u.companyId, typ: 'access', kind: 'user', sid: expect.any(String) });
      expect(payload.eid).toBeUndefined();
      expect(payload.exp! - payload.iat!).toBe(900);
      expect(payload.nbf).toBe(payload.iat);
    });

    it('should put the environment id in eid for an environment realm', async () => {
      const environmentId = randomUUID();
      const u = await createdUser(svc, { realm: `env:${environmentId}` });
      const pair = await login(svc, { email: u.email, password: STRONG_PASSWORD, realm: `env:${environmentId}` });
      const { payload } = await verifyAccessToken(svc, pair.access_token);
      expect(payload).toMatchObject({ realm: `env:${environmentId}`, eid: environmentId, cid: u.companyId });
    });

    it('should not accept a user of one realm in another', async () => {
      const u = await createdUser(svc);
      await expect(login(svc, { email: u.email, password: STRONG_PASSWORD, realm: `env:${randomUUID()}` })).rejects.toMatchObject({ code: 'ACCOUNTS.UNAUTHORIZED' });
    });

    it('should answer the same ACCOUNTS.UNAUTHORIZED for an unknown user, a wrong password, no password and a deactivated user', async () => {
      const u = await createdUser(svc);
      const noPassword = await createdUser(svc, { password: undefined });
      const gone = await createdUser(svc);
      await svc.ctx.rpc.request(AccountsSubjects.userDeactivate, { companyId: gone.companyId, userId: gone.userId }, { headers: await asService(svc) });
      const answers = [
        await rejectionOf(login(svc, { email: `nobody-${randomUUID()}@example.com`, password: STRONG_PASSWORD })),
        await rejectionOf(login(svc, { email: u.email, password: 'Wrong-Password-123' })),
        await rejectionOf(login(svc, { email: noPassword.email, password: STRONG_PASSWORD })),
        await rejectionOf(login(svc, { email: gone.email, password: STRONG_PASSWORD })),
      ];
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(answers[0]).toEqual({ code: 'ACCOUNTS.UNAUTHORIZED', message: 'invalid credentials' });
    });

    it('should take about as long for an unknown user as for a wrong password (dummy argon2 verification)', async () => {
      const u = await createdUser(svc);
      const time = async (email: string) => {
        const t = process.hrtime.bigint();
        await rejectionOf(login(svc, { email, password: 'Wrong-Password-123' }));
        return Number(process.hrtime.bigint() - t) / 1e6;
      };
      const unknown: number[] = [];
      const wrong: number[] = [];
      for (let i = 0; i < 3; i++) {
        unknown.push(await time(`nobody-${randomUUID()}@example.com`));
        wrong.push(await time(u.email));
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
      expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
      expect(median(unknown)).toBeLessThan(median(wrong) * 2);
    });

    it('should record failed and successful sign-ins for the audit trail', async () => {
      const u = await createdUser(svc);
      await rejectionOf(login(svc, { email: u.email, password: 'Wrong-Password-123', clientIp: '203.0.113.9' }));
      await login(svc, { email: u.email, password: STRONG_PASSWORD, clientIp: '203.0.113.9' });
      const rows: { subject: string; payload: string }[] = await svc.ctx.dataSource.query(
        `SELECT subject, payload FROM fleet_outbox WHERE subject IN ('accounts.login.failed', 'accounts.login.succeeded') AND payload LIKE '%${u.userId}%' ORDER BY created_at`,
      );
      expect(rows.map((r) => r.subject)).toEqual(['accounts.login.failed', 'accounts.login.succeeded']);
      expect(JSON.parse(rows[0].payload)).toMatchObject({ userId: u.userId, companyId: u.companyId, realm: 'company', clientIp: '203.0.113.9', reason: 'bad-password' });
    });
  });

  describe('lockout', () => {
    it('should lock the account after the policy threshold, even for the right password, and announce it', async () => {
      const u = await createdUser(svc);
      await setPolicy(svc, u.companyId, 'company', { lockoutThreshold: 3 });
      for (let i = 0; i < 3; i++) await rejectionOf(login(svc, { email: u.email, password: 'Wrong-Password-123' }));
      await expect(login(svc, { email: u.email, password: STRONG_PASSWORD })).rejects.toMatchObject({ code: 'ACCOUNTS.UNAUTHORIZED', message: 'invalid credentials' });
      const locked: { n: number }[] = await svc.ctx.dataSource.query(`SELECT COUNT(*) AS n FROM fleet_outbox WHERE subject = 'accounts.user.locked' AND payload LIKE '%${u.userId}%'`);
      expect(Number(locked[0].n)).toBe(1);
    });

    it('should end the lockout after the policy duration', async () => {
      const u = await createdUser(svc);
      await setPolicy(svc, u.companyId, 'company', { lockoutThreshold: 2, lockoutDurationSeconds: 1 });
      for (let i = 0; i < 2; i++) await rejectionOf(login(svc, { email: u.email, password: 'Wrong-Password-123' }));
      await expect(login(svc, { email: u.email, password: STRONG_PASSWORD })).rejects.toMatchObject({ code: 'ACCOUNTS.UNAUTHORIZED' });
      await new Promise((r) => setTimeout(r, 1200));
      await expect(login(svc, { email: u.email, password: STRONG_PASSWORD })).resolves.toMatchObject({ token_type: 'Bearer' });
    });

    it('should lock a client address that fails on many accounts, and not other addresses', async () => {
      const users = await Promise.all([0, 1, 2, 3, 4].map(() => createdUser(svc)));
      const victim = await createdUser(svc);
      for (const u of users) await rejectionOf(login(svc, { email: u.email, password: 'Wrong-Password-123', clientIp: '198.51.100.7' }));
      await expect(login(svc, { email: victim.email, password: STRONG_PASSWORD, clientIp: '198.51.100.7' })).rejects.toMatchObject({ code: 'ACCOUNTS.UNAUTHORIZED' });
      await expect(login(svc, { email: victim.email, password: STRONG_PASSWORD, clientIp: '198.51.100.8' })).resolves.toMatchObject({ token_type: 'Bearer' });
    });
  });
});
