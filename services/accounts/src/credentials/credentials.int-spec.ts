import { AccountsEvents, AccountsSubjects, type LoginReply, type TokenPairReply } from '@fleet/contracts-accounts';
import { streamNameOf } from '@fleet/contracts-fleet';
import type { RunningService } from '@fleet/shared-service-kit';
import { eventually, plainNatsClient, TEST_ENGINES, uniquePrefix } from '@fleet/shared-testing';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { createdUser, login, rejectionOf, setPolicy, startAccounts, STRONG_PASSWORD } from '../test/accounts-harness';
import { User } from '../users/user.entity';
import { AuthChallenge } from './auth-challenge.entity';
import { RESET_REPLY_FLOOR_MS } from './credentials.service';

const NEW_PASSWORD = 'Brand-New-Secret-42';
const UNAUTHORIZED = { code: 'ACCOUNTS.UNAUTHORIZED', message: 'invalid credentials' };

describe.each(TEST_ENGINES)('accounts passwords, resets and MFA over NATS on %s', (engine) => {
  const prefix = uniquePrefix(`accc${engine}`);
  let svc: RunningService;
  let nc: NatsConnection;
  let stop: () => Promise<void>;

  const call = <T = unknown>(subject: string, data: unknown, token?: string): Promise<T> =>
    svc.ctx.rpc.request<T>(subject, data, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const signIn = (req: Record<string, unknown>): Promise<LoginReply> => login(svc, req) as Promise<LoginReply>;
  /** The last event on `subject` for `email`, read from JetStream as smtp will read it. */
  const lastEvent = async <T extends { email: string }>(subject: string, email: string): Promise<T> => {
    const jsm = await jetstreamManager(nc);
    return eventually(async () => {
      const m = await jsm.streams.getMessage(streamNameOf('accounts', `${prefix}.`), { last_by_subj: `${prefix}.${subject}` }).catch(() => undefined);
      const e = m?.json<T>();
      return e?.email === email ? e : undefined;
    }, `${subject} for ${email}`);
  };
  const expireChallenges = (userId: string) => svc.ctx.dataSource.getRepository(AuthChallenge).update({ userId }, { expiresAt: new Date(Date.now() - 1000) });
  const refreshes = (pair: { refresh_token?: string }) => call<TokenPairReply>(AccountsSubjects.authRefresh, { refresh_token: pair.refresh_token }).then(() => true, () => false);

  beforeAll(async () => {
    nc = await plainNatsClient();
    ({ svc, stop } = await startAccounts(engine, prefix));
  });
  afterAll(async () => {
    await stop?.();
    await nc?.close();
  });

  describe('accounts.password.change', () => {
    it('should change the password and revoke the other sessions, keeping the caller\'s', async () => {
      const u = await createdUser(svc);
      const other = (await login(svc, { email: u.email, password: STRONG_PASSWORD })) as TokenPairReply;
      const mine = (await login(svc, { email: u.email, password: STRONG_PASSWORD })) as TokenPairReply;
      await expect(call(AccountsSubjects.passwordChange, { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD }, mine.access_token)).resolves.toEqual({ revokedSessions: 1 });
      expect(await refreshes(other)).toBe(false);
      expect(await refreshes(mine)).toBe(true);
      expect(await rejectionOf(login(svc, { email: u.email, password: STRONG_PASSWORD }))).toEqual(UNAUTHORIZED);
      await expect(login(svc, { email: u.email, password: NEW_PASSWORD })).resolves.toMatchObject({ token_type: 'Bearer' });
    });

    it('should refuse a new password that breaks the policy, naming newPassword and the rule, and change nothing', async () => {
      const u = await createdUser(svc);
      const other = (await login(svc, { email: u.email, password: STRONG_PASSWORD })) as TokenPairReply;
      const mine = (await login(svc, { email: u.email, password: STRONG_PASSWORD })) as TokenPairReply;
      const weak = await call(AccountsSubjects.passwordChange, { currentPassword: STRONG_PASSWORD, newPassword: 'short' }, mine.access_token).catch((e: unknown) => e);
      expect(weak).toMatchObject({ code: 'ACCOUNTS.VALIDATION', details: { fields: expect.arrayContaining([{ path: 'newPassword', reason: expect.stringContaining('rule min-length') }]), rules: ['min-length', 'character-classes'] } });
      const same = await call(AccountsSubjects.passwordChange, { currentPassword: STRONG_PASSWORD, newPassword: STRONG_PASSWORD }, mine.access_token).catch((e: unknown) => e);
      expect(same).toMatchObject({ code: 'ACCOUNTS.VALIDATION', details: { rules: ['not-current'] } });
      const wrong = await call(AccountsSubjects.passwordChange, { currentPassword: 'Not-The-Password-1', newPassword: NEW_PASSWORD }, mine.access_token).catch((e: unknown) => e);
      expect(wrong).toMatchObject({ code: 'ACCOUNTS.VALIDATION', details: { fields: [{ path: 'currentPassword', reason: expect.any(String) }] } });
      expect(await refreshes(other)).toBe(true);
      await expect(login(svc, { email: u.email, password: STRONG_PASSWORD })).resolves.toMatchObject({ token_type: 'Bearer' });
    });

    it('should count wrong current passwords toward the lockout, then refuse even the right one', async () => {
      const u = await createdUser(svc);
      await setPolicy(svc, u.companyId, 'company', { lockoutThreshold: 2 });
      const mine = (await login(svc, { email: u.email, password: STRONG_PASSWORD })) as TokenPairReply;
      for (let i = 0; i < 2; i++) await rejectionOf(call(AccountsSubjects.passwordChange, { currentPassword: 'Not-The-Password-1', newPassword: NEW_PASSWORD }, mine.access_token));
      const right = await rejectionOf(call(AccountsSubjects.passwordChange, { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD }, mine.access_token));
      expect(right).toEqual({ code: 'ACCOUNTS.VALIDATION', message: 'invalid request: currentPassword is not the current password' });
      expect(await rejectionOf(login(svc, { email: u.email, password: STRONG_PASSWORD }))).toEqual(UNAUTHORIZED);
    });

    it('should refuse a caller without a token', async () => {
      await expect(call(AccountsSubjects.passwordChange, { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD })).rejects.toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
    });
  });

  describe('password change required at sign-in (accounts.auth.password)', () => {
    it('should answer a one-time ticket instead of tokens, then the token pair for a new password', async () => {
      const u = await createdUser(svc, { mustChangePassword: true });
      const first = await signIn({ email: u.email, password: STRONG_PASSWORD });
      expect(first).toEqual({ password_change_required: true, password_change_ticket: expect.any(String), expires_in: 600 });
      const weak = await rejectionOf(call(AccountsSubjects.authPassword, { ticket: first.password_change_ticket, newPassword: 'weak' }));
      expect(weak.code).toBe('ACCOUNTS.VALIDATION');
      const pair = await call<LoginReply>(AccountsSubjects.authPassword, { ticket: first.password_change_ticket, newPassword: NEW_PASSWORD });
      expect(pair).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String), token_type: 'Bearer' });
      expect(await rejectionOf(call(AccountsSubjects.authPassword, { ticket: first.password_change_ticket, newPassword: 'Yet-Another-Pass-77' }))).toEqual(UNAUTHORIZED);
      await expect(signIn({ email: u.email, password: NEW_PASSWORD })).resolves.toMatchObject({ token_type: 'Bearer' });
    });

    it('should require a change once the password is older than the realm\'s expiry', async () => {
      const u = await createdUser(svc);
      await setPolicy(svc, u.companyId, 'company', { passwordExpiryDays: 30 });
      await svc.ctx.dataSource.getRepository(User).update({ id: u.userId }, { passwordChangedAt: new Date(Date.now() - 31 * 86_400_000) });
      await expect(signIn({ email: u.email, password: STRONG_PASSWORD })).resolves.toMatchObject({ password_change_required: true });
    });

    it('should refuse an expired ticket', async () => {
      const u = await createdUser(svc, { mustChangePassword: true });
      const first = await signIn({ email: u.email, password: STRONG_PASSWORD });
      await expireChallenges(u.userId);
      expect(await rejectionOf(call(AccountsSubjects.authPassword, { ticket: first.password_change_ticket, newPassword: NEW_PASSWORD }))).toEqual(UNAUTHORIZED);
    });
  });

  describe('accounts.password-reset.request / .complete', () => {
    it('should answer the same for an unknown e-mail and write the token to JetStream only for a user', async () => {
      const u = await createdUser(svc);
      const known = await call(AccountsSubjects.passwordResetRequest, { email: u.email });
      const unknown = await call(AccountsSubjects.passwordResetRequest, { email: `nobody-${randomUUID()}@example.com` });
      expect(known).toEqual({ accepted: true });
      expect(unknown).toEqual(known);
      const event = await lastEvent<{ email: string; token: string; userId: string; realm: string; expiresAt: string }>(AccountsEvents.passwordResetRequested, u.email);
      expect(event).toMatchObject({ userId: u.userId, realm: 'company', token: expect.any(String) });
      expect(Date.parse(event.expiresAt) - Date.now()).toBeGreaterThan(29 * 60_000);
      expect(Date.parse(event.expiresAt) - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    });

    it('should take as long for an unknown e-mail as for a user (no timing oracle)', async () => {
      const u = await createdUser(svc);
      const time = async (email: string) => {
        const t = performance.now();
        await call(AccountsSubjects.passwordResetRequest, { email });
        return performance.now() - t;
      };
      const unknown: number[] = [];
      const known: number[] = [];
      for (let i = 0; i < 3; i++) {
        unknown.push(await time(`nobody-${randomUUID()}@example.com`));
        known.push(await time(u.email));
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
      expect(median(unknown)).toBeGreaterThanOrEqual(RESET_REPLY_FLOOR_MS - 5);
      expect(median(unknown)).toBeGreaterThan(median(known) * 0.8);
      expect(median(unknown)).toBeLessThan(median(known) * 1.25);
    });

    it('should set the password once with the token, revoking every session; a weak password changes nothing', async () => {
      const u = await createdUser(svc);
      const session = (await login(svc, { email: u.email, password: STRONG_PASSWORD })) as TokenPairReply;
      await call(AccountsSubjects.passwordResetRequest, { email: u.email });
      const { token } = await lastEvent<{ email: string; token: string }>(AccountsEvents.passwordResetRequested, u.email);
      const weak = await call(AccountsSubjects.passwordResetComplete, { token, newPassword: 'weak' }).catch((e: unknown) => e);
      expect(weak).toMatchObject({ code: 'ACCOUNTS.VALIDATION', details: { fields: expect.arrayContaining([expect.objectContaining({ path: 'newPassword' })]) } });
      expect(await refreshes(session)).toBe(true);
      const next = (await login(svc, { email: u.email, password: STRONG_PASSWORD })) as TokenPairReply;
      await expect(call(AccountsSubjects.passwordResetComplete, { token, newPassword: NEW_PASSWORD })).resolves.toEqual({ revokedSessions: 2 });
      expect(await refreshes(next)).toBe(false);
      expect(await rejectionOf(call(AccountsSubjects.passwordResetComplete, { token, newPassword: 'Yet-Another-Pass-77' }))).toEqual(UNAUTHORIZED);
      await expect(login(svc, { email: u.email, password: NEW_PASSWORD })).resolves.toMatchObject({ token_type: 'Bearer' });
    });

    it('should refuse an expired token, and a token replaced by a newer request', async () => {
      const u = await createdUser(svc);
      await call(AccountsSubjects.passwordResetRequest, { email: u.email });
      const first = (await lastEvent<{ email: string; token: string }>(AccountsEvents.passwordResetRequested, u.email)).token;
      await call(AccountsSubjects.passwordResetRequest, { email: u.email });
      const second = await eventually(async () => {
        const e = await lastEvent<{ email: string; token: string }>(AccountsEvents.passwordResetRequested, u.email);
        return e.token !== first ? e.token : undefined;
      }, 'the second reset token');
      expect(await rejectionOf(call(AccountsSubjects.passwordResetComplete, { token: first, newPassword: NEW_PASSWORD }))).toEqual(UNAUTHORIZED);
      await expireChallenges(u.userId);
      expect(await rejectionOf(call(AccountsSubjects.passwordResetComplete, { token: second, newPassword: NEW_PASSWORD }))).toEqual(UNAUTHORIZED);
      await expect(login(svc, { email: u.email, password: STRONG_PASSWORD })).resolves.toMatchObject({ token_type: 'Bearer' });
    });
  });

  describe('MFA by e-mailed one-time code (accounts.auth.mfa)', () => {
    const mfaUser = async (policy: Record<string, unknown> = {}) => {
      const u = await createdUser(svc);
      await setPolicy(svc, u.companyId, 'company', { mfaRequired: true, ...policy });
      return u;
    };
    const codeFor = async (email: string, ticket: string | undefined) => {
      expect(ticket).toEqual(expect.any(String));
      return (await lastEvent<{ email: string; code: string; expiresAt: string }>(AccountsEvents.otpIssued, email)).code;
    };

    it('should answer a ticket instead of tokens, e-mail a 6-digit code, and sign in once with it', async () => {
      const u = await mfaUser();
      const first = await signIn({ email: u.email, password: STRONG_PASSWORD });
      expect(first).toEqual({ mfa_required: true, mfa_ticket: expect.any(String), expires_in: 300 });
      const event = await lastEvent<{ email: string; code: string; userId: string; expiresAt: string }>(AccountsEvents.otpIssued, u.email);
      expect(event).toMatchObject({ userId: u.userId, realm: 'company', code: expect.stringMatching(/^\d{6}$/) });
      expect(Date.parse(event.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
      const pair = await call<LoginReply>(AccountsSubjects.authMfa, { ticket: first.mfa_ticket, code: event.code });
      expect(pair).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer' });
      expect(await rejectionOf(call(AccountsSubjects.authMfa, { ticket: first.mfa_ticket, code: event.code }))).toEqual(UNAUTHORIZED);
    });

    it('should burn the ticket after 5 wrong codes', async () => {
      const u = await mfaUser({ lockoutThreshold: 50 });
      const first = await signIn({ email: u.email, password: STRONG_PASSWORD });
      const code = await codeFor(u.email, first.mfa_ticket);
      const wrongCode = code === '000000' ? '000001' : '000000';
      for (let i = 0; i < 5; i++) expect(await rejectionOf(call(AccountsSubjects.authMfa, { ticket: first.mfa_ticket, code: wrongCode }))).toEqual(UNAUTHORIZED);
      expect(await rejectionOf(call(AccountsSubjects.authMfa, { ticket: first.mfa_ticket, code }))).toEqual(UNAUTHORIZED);
    });

    it('should count wrong codes toward the account lockout', async () => {
      const u = await mfaUser({ lockoutThreshold: 3 });
      const first = await signIn({ email: u.email, password: STRONG_PASSWORD });
      const code = await codeFor(u.email, first.mfa_ticket);
      const wrongCode = code === '000000' ? '000001' : '000000';
      for (let i = 0; i < 3; i++) await rejectionOf(call(AccountsSubjects.authMfa, { ticket: first.mfa_ticket, code: wrongCode }));
      expect(await rejectionOf(call(AccountsSubjects.authMfa, { ticket: first.mfa_ticket, code }))).toEqual(UNAUTHORIZED);
      expect(await rejectionOf(signIn({ email: u.email, password: STRONG_PASSWORD }))).toEqual(UNAUTHORIZED);
    });

    it('should refuse an expired ticket', async () => {
      const u = await mfaUser();
      const first = await signIn({ email: u.email, password: STRONG_PASSWORD });
      const code = await codeFor(u.email, first.mfa_ticket);
      await expireChallenges(u.userId);
      expect(await rejectionOf(call(AccountsSubjects.authMfa, { ticket: first.mfa_ticket, code }))).toEqual(UNAUTHORIZED);
    });

    it('should ask for the password change after the code when both apply', async () => {
      const u = await createdUser(svc, { mustChangePassword: true });
      await setPolicy(svc, u.companyId, 'company', { mfaRequired: true });
      const first = await signIn({ email: u.email, password: STRONG_PASSWORD });
      const code = await codeFor(u.email, first.mfa_ticket);
      await expect(call(AccountsSubjects.authMfa, { ticket: first.mfa_ticket, code })).resolves.toMatchObject({ password_change_required: true, password_change_ticket: expect.any(String) });
    });
  });

  describe('not a password oracle', () => {
    it('should answer an unknown user, a wrong password and a locked account alike, in similar time (20 attempts each, medians within 2x)', async () => {
      const u = await createdUser(svc);
      await setPolicy(svc, u.companyId, 'company', { lockoutThreshold: 100 });
      const attempt = async (email: string): Promise<{ ms: number; answer: string }> => {
        const t = process.hrtime.bigint();
        const answer = JSON.stringify(await rejectionOf(login(svc, { email, password: 'Wrong-Password-123' })));
        return { ms: Number(process.hrtime.bigint() - t) / 1e6, answer };
      };
      const unknown: { ms: number; answer: string }[] = [];
      const wrong: { ms: number; answer: string }[] = [];
      for (let i = 0; i < 20; i++) {
        unknown.push(await attempt(`nobody-${randomUUID()}@example.com`));
        wrong.push(await attempt(u.email));
      }
      const median = (xs: { ms: number }[]) => xs.map((x) => x.ms).sort((a, b) => a - b)[xs.length / 2];
      expect(new Set([...unknown, ...wrong].map((x) => x.answer))).toEqual(new Set([JSON.stringify(UNAUTHORIZED)]));
      expect(median(unknown)).toBeLessThan(median(wrong) * 2);
      expect(median(wrong)).toBeLessThan(median(unknown) * 2);

      const locked = await createdUser(svc);
      await setPolicy(svc, locked.companyId, 'company', { lockoutThreshold: 2 });
      for (let i = 0; i < 2; i++) await rejectionOf(login(svc, { email: locked.email, password: 'Wrong-Password-123' }));
      expect(await rejectionOf(login(svc, { email: locked.email, password: STRONG_PASSWORD }))).toEqual(UNAUTHORIZED);
    }, 60_000);
  });
});
