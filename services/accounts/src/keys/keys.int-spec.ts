import { AccountsSubjects, type JwksReply } from '@fleet/contracts-accounts';
import type { RunningService } from '@fleet/shared-service-kit';
import { serviceTestEnv, startInProcess, TEST_ENGINES, uniquePrefix } from '@fleet/shared-testing';
import { decodeProtectedHeader } from 'jose';
import { AccountsService } from '../service';
import { createdUser, login, startAccounts, STRONG_PASSWORD, verifyAccessToken } from '../test/accounts-harness';
import { KeyRing } from './key-ring.service';
import { SigningKey } from './signing-key.entity';

/** ACCOUNTS_KEY_ROTATION_HOURS of about 1.5 s. */
const ROTATION_HOURS = String(1.5 / 3600);

describe.each(TEST_ENGINES)('accounts signing keys on %s', (engine) => {
  const prefix = uniquePrefix(`acck${engine}`);
  let svc: RunningService;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ svc, stop } = await startAccounts(engine, prefix, { ACCOUNTS_KEY_ROTATION_HOURS: ROTATION_HOURS }));
  });
  afterAll(async () => stop?.());

  const jwks = () => svc.ctx.rpc.request<JwksReply>(AccountsSubjects.jwksGet, {});

  it('should publish public keys only, as ES256 P-256 signing keys', async () => {
    const { keys } = await jwks();
    expect(keys.length).toBeGreaterThanOrEqual(1);
    for (const k of keys) expect(Object.keys(k).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
  });

  it('should keep the private keys encrypted at rest', async () => {
    const rows = await svc.ctx.dataSource.getRepository(SigningKey).find();
    for (const r of rows) expect(r.privateKeyEnc).toMatch(/^(v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?$/);
    expect(rows.some((r) => r.privateKeyEnc.includes('PRIVATE KEY'))).toBe(false);
  });

  it('should rotate: new tokens carry the new kid, the JWKS keeps the old key and old tokens still verify', async () => {
    const u = await createdUser(svc);
    const before = await login(svc, { email: u.email, password: STRONG_PASSWORD });
    await new Promise((r) => setTimeout(r, 1700));
    const after = await login(svc, { email: u.email, password: STRONG_PASSWORD });
    const oldKid = decodeProtectedHeader(before.access_token).kid;
    const newKid = decodeProtectedHeader(after.access_token).kid;
    expect(newKid).not.toBe(oldKid);
    const kids = (await jwks()).keys.map((k) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([oldKid, newKid]));
    await expect(verifyAccessToken(svc, before.access_token)).resolves.toBeDefined();
    await expect(verifyAccessToken(svc, after.access_token)).resolves.toBeDefined();
    const active = await svc.ctx.dataSource.getRepository(SigningKey).countBy({ status: 'active' });
    expect(active).toBe(1);
  });

  it('should keep one active key when two replicas on one database rotate at once', async () => {
    const kek = (svc.ctx.config.env as { ACCOUNTS_KEY_ENCRYPTION_KEY: string }).ACCOUNTS_KEY_ENCRYPTION_KEY;
    const second = await startInProcess(
      AccountsService,
      serviceTestEnv('accounts', { dbUrl: svc.ctx.config.db.url, prefix, extra: { ACCOUNTS_KEY_ENCRYPTION_KEY: kek, ACCOUNTS_KEY_ROTATION_HOURS: ROTATION_HOURS } }),
    );
    try {
      const u = await createdUser(svc);
      await new Promise((r) => setTimeout(r, 1700));
      const [a, b] = await Promise.all([svc.app.get(KeyRing).signingKey(), second.app.get(KeyRing).signingKey()]);
      expect(a.kid).toBe(b.kid); // both tried the same generation; the loser re-read the winner's key
      const pairs = await Promise.all(Array.from({ length: 6 }, () => login(svc, { email: u.email, password: STRONG_PASSWORD })));
      for (const p of pairs) await expect(verifyAccessToken(svc, p.access_token)).resolves.toBeDefined();
      expect(await svc.ctx.dataSource.getRepository(SigningKey).countBy({ status: 'active' })).toBe(1);
    } finally {
      await second.stop();
    }
  });
});
