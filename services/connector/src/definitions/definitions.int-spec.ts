import type { PackageContent } from '@fleet/contracts-deployment';
import { openServiceDataSource, runPendingMigrations } from '@fleet/shared-database';
import { TEST_ENGINES, testDatabase, uniquePrefix } from '@fleet/shared-testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ConnectorMigrations } from '../database/migrations';
import { connectorEntities } from '../entities';
import { DefinitionsService } from './definitions.service';
import { connectorPackageHooks } from './package-hooks';

const content = (path: string) => ({ method: 'GET' as const, urlTemplate: `{{param:BASE_URL}}/${path}`, auth: { type: 'none' as const } });

describe.each(TEST_ENGINES)('DefinitionsService.install() on %s', (engine) => {
  let db: { url: string; drop: () => Promise<void> };
  let ds: DataSource;
  let service: DefinitionsService;

  beforeAll(async () => {
    db = await testDatabase(engine, uniquePrefix('conndef'));
    ds = (await openServiceDataSource({ url: db.url, entities: connectorEntities, migrations: ConnectorMigrations })).dataSource;
    await runPendingMigrations(ds, 'connector');
    service = new DefinitionsService(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('should replace the previous package, keep definitions put directly, and scope by environment', async () => {
    const env = randomUUID();
    const other = randomUUID();
    await service.put({ environmentId: env, name: 'manual', content: content('m') });
    await service.install(env, 'pkg-1', [{ name: 'a', content: content('a') }, { name: 'b', content: content('b') }]);
    await service.install(other, 'pkg-9', [{ name: 'a', content: content('other') }]);

    const after = await service.install(env, 'pkg-2', [{ name: 'b', displayName: 'B v2', content: content('b2') }]);

    expect(after.items.map((d) => [d.name, d.packageId, d.content.urlTemplate])).toStrictEqual([
      ['b', 'pkg-2', '{{param:BASE_URL}}/b2'],
      ['manual', null, '{{param:BASE_URL}}/m'],
    ]);
    expect((await service.list(other)).items.map((d) => d.content.urlTemplate)).toStrictEqual(['{{param:BASE_URL}}/other']);
  });

  it('should refuse an invalid package naming each field and change nothing', async () => {
    const env = randomUUID();
    await service.install(env, 'pkg-1', [{ name: 'a', content: content('a') }]);

    const err = await service.install(env, 'pkg-2', [{ name: 'ok', content: content('x') }, { name: '9bad', content: { ...content('y'), method: 'TRACE' } as never }]).catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'CONNECTOR.VALIDATION', details: { fields: [{ path: 'definitions[1].name' }, { path: 'definitions[1].content.method' }] } });
    expect((await service.list(env)).items.map((d) => d.name)).toStrictEqual(['a']);
  });

  describe('the package receiver hooks (what a deployment does to connector)', () => {
    const pkgWith = (connectors: { name: string; content: unknown }[]): PackageContent => ({
      format: 'fleet-package/1',
      sourceProjectId: randomUUID(),
      sourceCompanyId: randomUUID(),
      tag: 'v1',
      version: 1,
      commitId: randomUUID(),
      taggedAt: new Date().toISOString(),
      artifacts: [
        { id: randomUUID(), kind: 'entity', name: 'Order', displayName: 'Order', content: '{"attributes":[],"key":[]}', contentHash: 'x' },
        ...connectors.map((c) => ({ id: randomUUID(), kind: 'connector', name: c.name, displayName: c.name.toUpperCase(), content: JSON.stringify(c.content), contentHash: 'x' })),
      ],
    });

    it("should install the package's connector artifacts in the receiver's transaction, marked with the apply", async () => {
      const env = randomUUID();
      const applyId = randomUUID();
      const pkg = pkgWith([{ name: 'crm', content: content('crm') }]);
      await connectorPackageHooks.stage!(env, pkg, ds.manager);
      await ds.transaction((m) => connectorPackageHooks.install!(env, pkg, m, { firstDeployment: true, configuration: null, applyId }));

      expect((await service.list(env)).items.map((d) => [d.name, d.displayName, d.packageId, d.content.urlTemplate])).toStrictEqual([['crm', 'CRM', applyId, '{{param:BASE_URL}}/crm']]);
    });

    it('should refuse, at staging, a package whose connector is invalid (the apply is then aborted)', async () => {
      const env = randomUUID();
      const pkg = pkgWith([{ name: 'crm', content: { ...content('crm'), method: 'TRACE' } }]);
      await expect(connectorPackageHooks.stage!(env, pkg, ds.manager)).rejects.toMatchObject({ code: 'CONNECTOR.VALIDATION' });
      expect((await service.list(env)).items).toStrictEqual([]);
    });
  });
});
