import { AccountsSubjects, type LogoutReply, type SessionCheckReply, type TokenPairReply } from '@fleet/contracts-accounts';
import type { RunningService } from '@fleet/shared-service-kit';
import { TEST_ENGINES, uniquePrefix } from '@fleet/shared-testing';
import { asService, createdUser, login, setPolicy, startAccounts, STRONG_PASSWORD, verifyAccessToken } from '../test/accounts-harness';

describe.each(TEST_ENGINES)('accounts sessions over NATS on %s', (engine) => {
  const prefix = uniquePrefix(`accs${engine}`);
  let svc: RunningService;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ svc, stop } = await startAccounts(engine, prefix));
  });
  afterAll(async () => stop?.());

  const refresh = (refresh_token: string) => svc.ctx.rpc.request<TokenPairReply>(AccountsSubjects.authRefresh, { refresh_token });
  const sessionOf = async (pair: TokenPairReply) => String((await verifyAccessToken(svc, pair.access_token)).payload.sid);
  const check = async (sessionId: string) => svc.ctx.rpc.request<SessionCheckReply>(AccountsSubjects.sessionCheck, { sessionId }, { headers: await asService(svc, 'gateway') });
  const signedIn = async (over: Record<string, unknown> = {}) => {
    const u = await createdUser(svc, over);
    return { u, pair: await login(svc, { email: u.email, password: STRONG_PASSWORD }) };
  };
  const unauthorized = { code: 'ACCOUNTS.UNAUTHORIZED', message: 'invalid credentials' };

  describe('accounts.auth.refresh', () => {
    it('should rotate: a new pair in the same session, the used refresh token stored as used', async () => {
      const { pair } = await signedIn();
      const next = await refresh(pair.refresh_token);
      expect(next.refresh_token).not.toBe(pair.refresh_token);
      expect(await sessionOf(next)).toBe(await sessionOf(pair));
      const rows: { n: number }[] = await svc.ctx.dataSource.query(`SELECT COUNT(*) AS n FROM refresh_tokens WHERE token_hash = '${pair.refresh_token}'`);
      expect(Number(rows[0].n)).toBe(0); // only the hash is stored
    });

    it('should revoke the whole family when a used refresh token comes back (the newest fails too)', async () => {
      const { pair } = await signedIn();
      const next = await refresh(pair.refresh_token);
      await expect(refresh(pair.refresh_token)).rejects.toMatchObject(unauthorized);
      await expect(refresh(next.refresh_token)).rejects.toMatchObject(unauthorized);
      await expect(check(await sessionOf(pair))).resolves.toEqual({ active: false });
    });

    it('should refuse an unknown refresh token with the same answer', async () => {
      await expect(refresh('x'.repeat(43))).rejects.toMatchObject(unauthorized);
    });

    it('should end a session idle longer than the realm policy allows', async () => {
      const u = await createdUser(svc);
      await setPolicy(svc, u.companyId, 'company', { idleTimeoutSeconds: 1 });
      const pair = await login(svc, { email: u.email, password: STRONG_PASSWORD });
      const next = await refresh(pair.refresh_token); // within the timeout
      await new Promise((r) => setTimeout(r, 1300));
      await expect(check(await sessionOf(next))).resolves.toEqual({ active: false });
      await expect(refresh(next.refresh_token)).rejects.toMatchObject(unauthorized);
    });

    it('should refuse refreshing the session of a deactivated user', async () => {
      const { u, pair } = await signedIn();
      await svc.ctx.rpc.request(AccountsSubjects.userDeactivate, { companyId: u.companyId, userId: u.userId }, { headers: await asService(svc) });
      await expect(check(await sessionOf(pair))).resolves.toEqual({ active: false });
      await expect(refresh(pair.refresh_token)).rejects.toMatchObject(unauthorized);
    });
  });

  describe('accounts.auth.logout', () => {
    it('should revoke the session of the refresh token', async () => {
      const { pair } = await signedIn();
      const sid = await sessionOf(pair);
      await expect(check(sid)).resolves.toEqual({ active: true });
      await expect(svc.ctx.rpc.request<LogoutReply>(AccountsSubjects.authLogout, { refresh_token: pair.refresh_token })).resolves.toEqual({ revoked: true });
      await expect(check(sid)).resolves.toEqual({ active: false });
      await expect(refresh(pair.refresh_token)).rejects.toMatchObject(unauthorized);
      await expect(svc.ctx.rpc.request<LogoutReply>(AccountsSubjects.authLogout, { refresh_token: pair.refresh_token })).resolves.toEqual({ revoked: false });
      const events: { payload: string }[] = await svc.ctx.dataSource.query(`SELECT payload FROM fleet_outbox WHERE subject = 'accounts.session.revoked' AND payload LIKE '%${sid}%'`);
      expect(events.map((e) => (JSON.parse(e.payload) as { reason: string }).reason)).toEqual(['logout']);
    });
  });

  describe('maximum concurrent sessions', () => {
    it('should revoke the oldest session when a sign-in goes beyond the realm maximum', async () => {
      const u = await createdUser(svc);
      await setPolicy(svc, u.companyId, 'company', { maxSessions: 2 });
      const pairs: TokenPairReply[] = [];
      for (let i = 0; i < 3; i++) pairs.push(await login(svc, { email: u.email, password: STRONG_PASSWORD }));
      const active = await Promise.all(pairs.map(async (p) => (await check(await sessionOf(p))).active));
      expect(active).toEqual([false, true, true]);
      await expect(refresh(pairs[0].refresh_token)).rejects.toMatchObject(unauthorized);
    });
  });

  describe('accounts.session.check', () => {
    it('should answer inactive for an unknown session', async () => {
      await expect(check('00000000-0000-4000-8000-000000000000')).resolves.toEqual({ active: false });
    });
  });
});
