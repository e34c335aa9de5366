import { AccountsSubjects, type RealmReply } from '@fleet/contracts-accounts';
import { PLATFORM_EVENT_SUBJECTS, PLATFORM_SERVICE, PlatformEvents, type CompanyCreatedEvent } from '@fleet/contracts-platform';
import { ensureServiceStream } from '@fleet/shared-events';
import type { RunningService } from '@fleet/shared-service-kit';
import { cleanupStreams, eventually, plainNatsClient, serviceTestEnv, startInProcess, TEST_ENGINES, testDatabase, uniquePrefix } from '@fleet/shared-testing';
import { jetstream } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { randomBytes, randomUUID } from 'node:crypto';
import { AccountsService } from '../service';
import { asService, rejectionOf, userToken } from '../test/accounts-harness';
import { serveFakePermissions } from '../test/fake-platform-permissions';
import { Realm } from './realm.entity';

/**
 * accounts against the platform event contract: the test plays platform's part (its stream, its
 * event), so accounts is tested alone; the real platform → accounts flow is in the e2e tier.
 */
/** A platform operator's user id, as the platform stand-in knows it. */
const OPERATOR = randomUUID();

describe.each(TEST_ENGINES)('accounts realms fed by platform.company.created on %s', (engine) => {
  const prefix = uniquePrefix(`acc${engine}`);
  let accounts: RunningService;
  let nc: NatsConnection;
  let drop: () => Promise<void>;

  const publishCompanyCreated = async (event: CompanyCreatedEvent, messageId: string) => {
    const h = headers();
    h.set('Nats-Msg-Id', messageId);
    await jetstream(nc).publish(`${prefix}.${PlatformEvents.companyCreated}`, JSON.stringify(event), { headers: h });
  };
  /** As a user of `companyId` (platform's stand-in lets a company's users read their own company). */
  const realmOf = async (companyId: string, token?: string) =>
    accounts.ctx.rpc.request<RealmReply>(AccountsSubjects.realmGetForCompany, { companyId }, { headers: { authorization: `Bearer ${token ?? (await userToken(accounts, companyId))}` } });

  beforeAll(async () => {
    nc = await plainNatsClient();
    await ensureServiceStream(nc, PLATFORM_SERVICE, PLATFORM_EVENT_SUBJECTS, `${prefix}.`);
    const db = await testDatabase(engine, prefix);
    drop = db.drop;
    serveFakePermissions(nc, prefix, (caller, req) => {
      const allowed = req.action === 'company.read' && (caller.cid === req.resourceId || caller.sub === OPERATOR);
      return { allowed, visible: allowed };
    });
    accounts = await startInProcess(AccountsService, serviceTestEnv('accounts', { dbUrl: db.url, prefix, extra: { ACCOUNTS_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') } }));
  });

  afterAll(async () => {
    await accounts?.stop();
    await drop?.();
    await nc?.close();
    await cleanupStreams(prefix);
  });

  it('should provision the company realm from the event', async () => {
    const companyId = randomUUID();
    await publishCompanyCreated({ companyId, name: 'Initech', slug: 'initech', createdAt: new Date().toISOString() }, randomUUID());
    const realm = await eventually(() => realmOf(companyId).catch(() => undefined), 'the realm');
    expect(realm).toMatchObject({ companyId, kind: 'company', name: 'company' });
  });

  it('should answer ACCOUNTS.NOT_FOUND for a company it never heard of (queries are scoped by company id)', async () => {
    await expect(realmOf(randomUUID())).rejects.toMatchObject({ code: 'ACCOUNTS.NOT_FOUND' });
  });

  it('should keep one realm when the same company arrives again under another message id', async () => {
    const companyId = randomUUID();
    const event = { companyId, name: 'Hooli', slug: 'hooli', createdAt: new Date().toISOString() };
    await publishCompanyCreated(event, randomUUID());
    await eventually(() => realmOf(companyId).catch(() => undefined), 'the realm');
    await publishCompanyCreated(event, randomUUID());
    await new Promise((r) => setTimeout(r, 500));
    expect(await accounts.ctx.dataSource.getRepository(Realm).countBy({ companyId })).toBe(1);
  });

  it('should dead-letter an event that breaks the contract and keep consuming the next ones', async () => {
    await publishCompanyCreated({ companyId: 'not-a-uuid', name: '', slug: 'x', createdAt: 'yesterday' } as CompanyCreatedEvent, randomUUID());
    const companyId = randomUUID();
    await publishCompanyCreated({ companyId, name: 'Umbrella', slug: 'umbrella', createdAt: new Date().toISOString() }, randomUUID());
    await expect(eventually(() => realmOf(companyId).catch(() => undefined), 'the realm after a poison message')).resolves.toMatchObject({ companyId });
    const dead: { n: number }[] = await accounts.ctx.dataSource.query('SELECT COUNT(*) AS n FROM fleet_dead_letter');
    expect(Number(dead[0].n)).toBe(1);
  });

  describe('who may read a realm (accounts.realm.get)', () => {
    let companyId: string;

    beforeAll(async () => {
      companyId = randomUUID();
      await publishCompanyCreated({ companyId, name: 'Scoped', slug: `scoped-${companyId.slice(0, 8)}`, createdAt: new Date().toISOString() }, randomUUID());
      await eventually(() => realmOf(companyId).catch(() => undefined), 'the realm');
    });

    it('should answer a platform operator for any company', async () => {
      await expect(realmOf(companyId, await userToken(accounts, randomUUID(), OPERATOR))).resolves.toMatchObject({ companyId });
    });

    it('should answer ACCOUNTS.NOT_FOUND to a user of another company, as for a company that does not exist', async () => {
      const other = await rejectionOf(realmOf(companyId, await userToken(accounts, randomUUID())));
      const missing = await rejectionOf(realmOf(randomUUID(), await userToken(accounts, randomUUID())));

      expect([other.code, missing.code]).toEqual(['ACCOUNTS.NOT_FOUND', 'ACCOUNTS.NOT_FOUND']);
      expect(other.message).toBe(`company ${companyId} does not exist`);
    });

    it('should refuse a request without a token, and an internal service token (not a company principal)', async () => {
      await expect(accounts.ctx.rpc.request(AccountsSubjects.realmGetForCompany, { companyId })).rejects.toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
      await expect(accounts.ctx.rpc.request(AccountsSubjects.realmGetForCompany, { companyId }, { headers: await asService(accounts) })).rejects.toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
    });
  });
});
