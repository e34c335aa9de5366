import { streamNameOf } from '@fleet/contracts-fleet';
import { PlatformEvents, PlatformSubjects, type CompanyReply } from '@fleet/contracts-platform';
import { FleetError } from '@fleet/shared-errors';
import type { RunningService } from '@fleet/shared-service-kit';
import { TEST_ENGINES, uniquePrefix } from '@fleet/shared-testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { startPlatform, type PlatformHarness } from '../test/platform-harness';
import { Company } from './company.entity';

describe.each(TEST_ENGINES)('platform companies over NATS on %s', (engine) => {
  const prefix = uniquePrefix(`plat${engine}`);
  let h: PlatformHarness;
  let svc: RunningService;

  beforeAll(async () => {
    h = await startPlatform(engine, prefix, 'op@example.test');
    svc = h.svc;
  });

  afterAll(() => h?.stop());

  const rpc = () => ({ request: <T>(subject: string, data: unknown) => h.call<T>(subject, data) });

  describe('platform.company.create', () => {
    it('should store the company and publish platform.company.created through the outbox', async () => {
      const created = await rpc().request<CompanyReply>(PlatformSubjects.companyCreate, { name: 'Acme Corp', slug: 'acme' });
      expect(created).toMatchObject({ name: 'Acme Corp', slug: 'acme' });
      const row = await svc.ctx.dataSource.getRepository(Company).findOneOrFail({ where: { id: created.id } });
      expect(row.createdAt.toISOString()).toBe(created.createdAt);

      const jsm = await jetstreamManager(svc.ctx.nats.nc);
      const stream = streamNameOf('platform', `${prefix}.`);
      let last;
      for (let i = 0; i < 100; i++) {
        last = await jsm.streams.getMessage(stream, { last_by_subj: `${prefix}.${PlatformEvents.companyCreated}` }).catch(() => undefined);
        if (last) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(last?.json()).toEqual({ companyId: created.id, name: 'Acme Corp', slug: 'acme', createdAt: created.createdAt });
    });

    it('should answer PLATFORM.CONFLICT for a taken slug and store nothing', async () => {
      const before = await svc.ctx.dataSource.getRepository(Company).count();
      await expect(rpc().request(PlatformSubjects.companyCreate, { name: 'Other', slug: 'acme' })).rejects.toMatchObject({
        code: 'PLATFORM.CONFLICT',
        details: { field: 'slug' },
      });
      expect(await svc.ctx.dataSource.getRepository(Company).count()).toBe(before);
    });

    it('should answer PLATFORM.VALIDATION naming each bad field and store nothing', async () => {
      const before = await svc.ctx.dataSource.getRepository(Company).count();
      const err = (await rpc()
        .request(PlatformSubjects.companyCreate, { name: 'x', slug: 'Not A Slug', admin: true })
        .catch((e: unknown) => e)) as FleetError;
      expect(err).toBeInstanceOf(FleetError);
      expect(err.code).toBe('PLATFORM.VALIDATION');
      expect(err.details?.fields?.map((f) => f.path).sort()).toEqual(['admin', 'name', 'slug']);
      expect(await svc.ctx.dataSource.getRepository(Company).count()).toBe(before);
    });
  });

  describe('platform.company.get', () => {
    it('should answer PLATFORM.NOT_FOUND for an unknown id', async () => {
      await expect(rpc().request(PlatformSubjects.companyGet, { companyId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
        code: 'PLATFORM.NOT_FOUND',
      });
    });

    it('should return a created company', async () => {
      const c = await rpc().request<CompanyReply>(PlatformSubjects.companyCreate, { name: 'Globex', slug: 'globex' });
      await expect(rpc().request(PlatformSubjects.companyGet, { companyId: c.id })).resolves.toEqual(c);
    });
  });

  describe('platform.company.list', () => {
    it('should page newest first', async () => {
      const page = await rpc().request<{ items: CompanyReply[]; total: number }>(PlatformSubjects.companyList, { limit: 1 });
      expect(page.total).toBeGreaterThanOrEqual(2);
      expect(page.items).toHaveLength(1);
      expect(page.items[0].slug).toBe('globex');
    });
  });
});
