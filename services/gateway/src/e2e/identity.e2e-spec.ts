import { AccountsEvents } from '@fleet/contracts-accounts';
import { streamNameOf } from '@fleet/contracts-fleet';
import { cleanupStreams, eventually, plainNatsClient, startFleet, TEST_ADMIN, testNatsUrl, uniquePrefix, type FleetUnderTest } from '@fleet/shared-testing';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Reply {
  access_token?: string;
  refresh_token?: string;
  mfa_required?: true;
  mfa_ticket?: string;
  [k: string]: unknown;
}

/**
 * Passwords, password reset and MFA through the gateway (issue 3): the bootstrap administrator's
 * company turns on MFA by e-mailed code; signing in then needs the code, read here from JetStream
 * (`accounts.otp.issued`) as smtp will read it. The fleet runs as ten processes.
 */
describe('identity: security policy, MFA and password reset through the gateway', () => {
  const prefix = uniquePrefix('e2eidn');
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-e2e-identity-'));
  let fleet: FleetUnderTest;
  let nc: NatsConnection;
  let token: string;
  let companyId: string;
  let password: string = TEST_ADMIN.password;
  const url = (path: string) => `${fleet.gatewayUrl}${path}`;
  const send = async (method: string, path: string, body?: unknown, bearer?: string): Promise<{ status: number; body: Reply; headers: Headers }> => {
    const r = await fetch(url(path), {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : {}) as Reply, headers: r.headers };
  };
  /** The last event on `subject` for the administrator, read from the accounts stream as smtp would. */
  const lastEvent = async <T extends { email: string }>(subject: string, after?: (e: T) => boolean): Promise<T> => {
    const jsm = await jetstreamManager(nc);
    return eventually(async () => {
      const m = await jsm.streams.getMessage(streamNameOf('accounts', `${prefix}.`), { last_by_subj: `${prefix}.${subject}` }).catch(() => undefined);
      const e = m?.json<T>();
      return e?.email === TEST_ADMIN.email && (!after || after(e)) ? e : undefined;
    }, `${subject} for the administrator`);
  };

  beforeAll(async () => {
    fleet = await startFleet({ natsUrl: testNatsUrl(), prefix, dataDir });
    nc = await plainNatsClient();
    const pair = await eventually(
      async () => {
        const r = await send('POST', '/api/v1/auth/login', { email: TEST_ADMIN.email, password });
        return r.status === 200 ? r.body : undefined;
      },
      'the bootstrap administrator to sign in',
      30000,
      250,
    );
    token = pair.access_token!;
    companyId = ((await send('GET', '/api/v1/me', undefined, token)).body as { companyId: string }).companyId;
  }, 120000);

  afterAll(async () => {
    await nc?.close();
    await fleet?.stop();
    await cleanupStreams(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should read and validate the company security policy', async () => {
    const got = await send('GET', `/api/v1/companies/${companyId}/security-policy`, undefined, token);
    expect(got).toMatchObject({ status: 200, body: { realm: 'company', passwordMinLength: 12, mfa: 'off' } });
    const bad = await send('PUT', `/api/v1/companies/${companyId}/security-policy`, { passwordMinLength: 3, mfa: 'sms' }, token);
    expect(bad.status).toBe(400);
    expect((bad.body.details as { fields: { path: string }[] }).fields.map((f) => f.path).sort()).toEqual(['mfa', 'passwordMinLength']);
    expect((await send('GET', `/api/v1/companies/${randomUUID()}/security-policy`, undefined, token)).status).toBe(404);
  });

  it('should sign in with the e-mailed one-time code once the company turns MFA on', async () => {
    expect(await send('PUT', `/api/v1/companies/${companyId}/security-policy`, { mfa: 'email' }, token)).toMatchObject({ status: 200, body: { mfa: 'email' } });
    const first = await send('POST', '/api/v1/auth/login', { email: TEST_ADMIN.email, password });
    expect(first).toMatchObject({ status: 200, body: { mfa_required: true, mfa_ticket: expect.any(String), expires_in: 300 } });
    expect(first.body.access_token).toBeUndefined();
    const { code } = await lastEvent<{ email: string; code: string }>(AccountsEvents.otpIssued);
    const wrong = await send('POST', '/api/v1/auth/mfa', { ticket: first.body.mfa_ticket, code: code === '000000' ? '000001' : '000000' });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'ACCOUNTS.UNAUTHORIZED', message: 'invalid credentials' } });
    const done = await send('POST', '/api/v1/auth/mfa', { ticket: first.body.mfa_ticket, code });
    expect(done).toMatchObject({ status: 200, body: { access_token: expect.any(String), token_type: 'Bearer' } });
    expect(done.headers.get('cache-control')).toBe('no-store');
    expect((await send('GET', '/api/v1/me', undefined, done.body.access_token)).status).toBe(200);
    token = done.body.access_token!;
    expect((await send('PUT', `/api/v1/companies/${companyId}/security-policy`, { mfa: 'off' }, token)).status).toBe(200);
  });

  it('should change the own password (policy enforced) and reset it by the e-mailed token', async () => {
    const weak = await send('POST', '/api/v1/me/password', { currentPassword: password, newPassword: 'short' }, token);
    expect(weak.status).toBe(400);
    expect(weak.body.details).toMatchObject({ fields: expect.arrayContaining([expect.objectContaining({ path: 'newPassword' })]) });
    const changed = await send('POST', '/api/v1/me/password', { currentPassword: password, newPassword: 'Changed-Admin-Pass-7' }, token);
    expect(changed).toMatchObject({ status: 200, body: { revokedSessions: expect.any(Number) } });
    password = 'Changed-Admin-Pass-7';

    const unknown = await send('POST', '/api/v1/auth/password-reset', { email: `nobody-${randomUUID()}@example.test` });
    const known = await send('POST', '/api/v1/auth/password-reset', { email: TEST_ADMIN.email });
    expect(known).toEqual({ ...unknown, headers: known.headers });
    expect(known).toMatchObject({ status: 202, body: { accepted: true } });
    const { token: resetToken } = await lastEvent<{ email: string; token: string }>(AccountsEvents.passwordResetRequested);
    const done = await send('POST', '/api/v1/auth/password-reset/complete', { token: resetToken, newPassword: 'Reset-Admin-Pass-8' });
    expect(done).toMatchObject({ status: 200, body: { revokedSessions: expect.any(Number) } });
    expect((await send('POST', '/api/v1/auth/password-reset/complete', { token: resetToken, newPassword: 'Reset-Admin-Pass-9' })).status).toBe(401);
    expect((await send('POST', '/api/v1/auth/login', { email: TEST_ADMIN.email, password })).status).toBe(401);
    expect((await send('POST', '/api/v1/auth/login', { email: TEST_ADMIN.email, password: 'Reset-Admin-Pass-8' })).status).toBe(200);
  });
});
