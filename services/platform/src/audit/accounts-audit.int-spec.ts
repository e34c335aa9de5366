import { ACCOUNTS_EVENT_SUBJECTS, AccountsEvents, type ServiceAccountChangedEvent } from '@fleet/contracts-accounts';
import { PlatformSubjects } from '@fleet/contracts-platform';
import { ensureServiceStream } from '@fleet/shared-events';
import { eventually, TEST_ENGINES, uniquePrefix } from '@fleet/shared-testing';
import { jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { codeOf, startPlatform, type PlatformHarness } from '../test/platform-harness';

interface AuditItem {
  action: string;
  category: string;
  actorId: string;
  subjectId: string;
  clientIp: string | null;
  details: Record<string, unknown>;
}

/** accounts' service-account events (created, revoked, grants issued and refused) → the company's audit log. */
describe.each(TEST_ENGINES)('platform audit of service accounts on %s', (engine) => {
  const prefix = uniquePrefix(`auds${engine}`);
  let h: PlatformHarness;

  beforeAll(async () => {
    h = await startPlatform(engine, prefix);
    await ensureServiceStream(h.nc, 'accounts', ACCOUNTS_EVENT_SUBJECTS, `${prefix}.`);
  });
  afterAll(() => h?.stop());

  it('should record each change with who, what and from where, readable by category by company administrators only', async () => {
    const serviceAccountId = randomUUID();
    const base = { serviceAccountId, companyId: h.companyId, name: 'deploy bot', at: new Date().toISOString() };
    const events: ServiceAccountChangedEvent[] = [
      { ...base, change: 'created', actorId: h.adminId, clientIp: '203.0.113.5' },
      { ...base, change: 'token-refused', reason: 'bad-secret', clientIp: '198.51.100.9' },
      { ...base, change: 'revoked', actorId: h.adminId },
    ];
    for (const e of events) await jetstream(h.nc).publish(`${prefix}.${AccountsEvents.serviceAccountChanged}`, JSON.stringify(e), { msgID: randomUUID() });

    const items = await eventually(async () => {
      const r = await h.call<{ items: AuditItem[] }>(PlatformSubjects.auditList, { companyId: h.companyId, category: 'service-accounts' });
      return r.items.length === 3 ? r.items : undefined;
    }, 'three service-account audit entries');
    expect(items.map((i) => [i.action, i.actorId, i.clientIp]).sort()).toEqual(
      [
        ['service-account.created', h.adminId, '203.0.113.5'],
        ['service-account.revoked', h.adminId, null],
        ['service-account.token-refused', serviceAccountId, '198.51.100.9'],
      ].sort(),
    );
    expect(items.find((i) => i.action === 'service-account.token-refused')?.details).toEqual({ name: 'deploy bot', reason: 'bad-secret' });
    // a token of the company whose holder has no role there sees nothing (not even that the company exists)
    const someone = await h.identity.token(randomUUID(), h.companyId);
    await expect(codeOf(h.call(PlatformSubjects.auditList, { companyId: h.companyId, category: 'service-accounts' }, someone))).resolves.toBe('PLATFORM.NOT_FOUND');
  });
});
