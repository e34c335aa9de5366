import { AccountsSubjects, type CreateUserReply, type UserReply } from '@fleet/contracts-accounts';
import type { FleetError } from '@fleet/shared-errors';
import type { RunningService } from '@fleet/shared-service-kit';
import { TEST_ENGINES, uniquePrefix } from '@fleet/shared-testing';
import { randomUUID } from 'node:crypto';
import { asService, aUser, startAccounts } from '../test/accounts-harness';
import { User } from './user.entity';

describe.each(TEST_ENGINES)('accounts users over NATS on %s', (engine) => {
  const prefix = uniquePrefix(`accu${engine}`);
  let svc: RunningService;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ svc, stop } = await startAccounts(engine, prefix));
  });
  afterAll(async () => stop?.());

  const create = async (req: Record<string, unknown>) => svc.ctx.rpc.request<CreateUserReply>(AccountsSubjects.userCreate, req, { headers: await asService(svc) });
  const users = () => svc.ctx.dataSource.getRepository(User);

  describe('accounts.user.create', () => {
    it('should store the user with a lower-case e-mail and an argon2id hash, and announce it', async () => {
      const req = aUser({ email: `Grace.${randomUUID()}@Example.COM` });
      const reply = await create(req);
      expect(reply.created).toBe(true);
      const row = await users().findOneByOrFail({ id: reply.userId });
      expect(row.email).toBe(String(req.email).toLowerCase());
      expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      const outbox: { subject: string }[] = await svc.ctx.dataSource.query(`SELECT subject FROM fleet_outbox WHERE payload LIKE '%${reply.userId}%'`);
      expect(outbox.map((r) => r.subject)).toEqual(['accounts.user.created']);
    });

    it('should be idempotent per realm and e-mail (created: false, nothing changed)', async () => {
      const req = aUser();
      const first = await create(req);
      const again = await create({ ...req, email: String(req.email).toUpperCase(), password: 'Another-Password-42' });
      expect(again).toEqual({ userId: first.userId, created: false });
      expect(await users().countBy({ email: String(req.email).toLowerCase() })).toBe(1);
    });

    it('should answer ACCOUNTS.CONFLICT for the e-mail of another company in the company realm', async () => {
      const req = aUser();
      await create(req);
      await expect(create({ ...req, companyId: randomUUID() })).rejects.toMatchObject({ code: 'ACCOUNTS.CONFLICT', details: { field: 'email' } });
    });

    it('should keep each environment realm its own namespace', async () => {
      const req = aUser();
      await create(req);
      const env = await create({ ...req, realm: `env:${randomUUID()}` });
      expect(env.created).toBe(true);
    });

    it.each([
      ['too short', 'Sh0rt!', 'min-length'],
      ['too few character classes', 'alllowercaseletters', 'character-classes'],
    ])('should answer ACCOUNTS.VALIDATION naming password when it is %s, and store nothing', async (_what, password, rule) => {
      const before = await users().count();
      const err = (await create(aUser({ password })).catch((e: unknown) => e)) as FleetError;
      expect(err.code).toBe('ACCOUNTS.VALIDATION');
      expect(err.details?.fields?.map((f) => f.path)).toContain('password');
      expect(err.details?.rules).toContain(rule);
      expect(await users().count()).toBe(before);
    });

    it('should refuse the e-mail as the password (rule not-email)', async () => {
      const email = `Long.Enough.${randomUUID().slice(0, 8)}@example.com`;
      await expect(create(aUser({ email, password: email }))).rejects.toMatchObject({ code: 'ACCOUNTS.VALIDATION', details: { rules: ['not-email'] } });
    });

    it('should answer ACCOUNTS.VALIDATION for a malformed realm', async () => {
      await expect(create(aUser({ realm: 'env:nope' }))).rejects.toMatchObject({ code: 'ACCOUNTS.VALIDATION' });
    });
  });

  describe('accounts.user.get / accounts.user.deactivate', () => {
    it('should read a user within its company only', async () => {
      const req = aUser();
      const { userId } = await create(req);
      await expect(svc.ctx.rpc.request<UserReply>(AccountsSubjects.userGet, { companyId: req.companyId, userId }, { headers: await asService(svc) })).resolves.toMatchObject({ id: userId, status: 'active', realm: 'company' });
      await expect(svc.ctx.rpc.request(AccountsSubjects.userGet, { companyId: randomUUID(), userId }, { headers: await asService(svc) })).rejects.toMatchObject({ code: 'ACCOUNTS.NOT_FOUND' });
    });

    it('should deactivate once and announce it once', async () => {
      const req = aUser();
      const { userId } = await create(req);
      const first = await svc.ctx.rpc.request<UserReply>(AccountsSubjects.userDeactivate, { companyId: req.companyId, userId }, { headers: await asService(svc) });
      const second = await svc.ctx.rpc.request<UserReply>(AccountsSubjects.userDeactivate, { companyId: req.companyId, userId }, { headers: await asService(svc) });
      expect([first.status, second.status]).toEqual(['deactivated', 'deactivated']);
      const events: { n: number }[] = await svc.ctx.dataSource.query(`SELECT COUNT(*) AS n FROM fleet_outbox WHERE subject = 'accounts.user.deactivated' AND payload LIKE '%${userId}%'`);
      expect(Number(events[0].n)).toBe(1);
      await expect(svc.ctx.rpc.request(AccountsSubjects.userDeactivate, { companyId: randomUUID(), userId }, { headers: await asService(svc) })).rejects.toMatchObject({ code: 'ACCOUNTS.NOT_FOUND' });
    });
  });
});
