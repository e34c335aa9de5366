import { CatalogSubjects, TagSnapshotReply as TagSnapshotReplyDto, type ArtifactListReply, type ArtifactReply, type CommitReply, type DiffReply, type LockReply, type TagSnapshotReply } from '@fleet/contracts-catalog';
import { TEST_ENGINES, uniquePrefix } from '@fleet/shared-testing';
import { validatePayload } from '@fleet/shared-validation';
import { createHash } from 'node:crypto';
import { refusal, startCatalog, type CatalogHarness, type Person } from './test/catalog-harness';
import { bpmn, customerEntity, customerForm } from './test/factories';

const S = CatalogSubjects;

describe.each(TEST_ENGINES)('catalog over NATS (%s)', (engine) => {
  let h: CatalogHarness;
  let projectId: string;
  let ada: Person;
  let bob: Person;
  let owner: Person;
  let reader: Person;
  let ids: Record<string, string>;

  const commit = (who: Person, parentVersion: number, changes: unknown[], extra: Record<string, unknown> = {}) => h.call<CommitReply>(S.commitCreate, { projectId, parentVersion, message: 'change', changes, ...extra }, who);

  beforeAll(async () => {
    h = await startCatalog(engine, uniquePrefix('cat'));
    projectId = h.project();
    ada = await h.person([[projectId, 'collaborator']]);
    bob = await h.person([[projectId, 'collaborator']]);
    owner = await h.person([[projectId, 'project_owner']]);
    reader = await h.person([[projectId, 'reader']]);
  }, 60000);

  afterAll(async () => {
    await h?.stop();
  });

  describe('commit', () => {
    it('should add artifacts of every kind as version 1', async () => {
      const c = await commit(ada, 0, [
        { op: 'add', kind: 'entity', name: 'customer', displayName: 'Customer', content: customerEntity() },
        { op: 'add', kind: 'form', name: 'customer_form', displayName: 'Customer form', content: customerForm() },
        { op: 'add', kind: 'rule', name: 'big_order', displayName: 'Big order', content: { expression: 'amount > 1000', resultType: 'boolean' } },
        { op: 'add', kind: 'parameter', name: 'crm_url', displayName: 'CRM URL', content: { type: 'url', secret: false, default: 'https://crm.example.test' } },
        { op: 'add', kind: 'connector', name: 'crm', displayName: 'CRM', content: { method: 'GET', urlTemplate: '{{param:crm_url}}/customers/{{id}}', auth: { type: 'none' } } },
        { op: 'add', kind: 'process', name: 'order', displayName: 'Order', content: bpmn({ form: 'customer_form' }) },
        { op: 'add', kind: 'job', name: 'nightly', displayName: 'Nightly', content: { schedule: { cron: '0 2 * * *' }, action: { type: 'startProcess', process: 'order' } } },
      ]);

      expect(c).toMatchObject({ version: 1, parentVersion: 0, authorId: ada.id, warnings: [] });
      expect(c.changes.map((x) => x.change)).toEqual(Array(7).fill('added'));
      ids = Object.fromEntries(c.changes.map((x) => [x.name, x.artifactId]));
      const list = await h.call<ArtifactListReply>(S.artifactList, { projectId }, reader);
      expect(list.version).toBe(1);
      expect(list.items.map((i) => `${i.kind}:${i.name}`)).toEqual(['connector:crm', 'entity:customer', 'form:customer_form', 'job:nightly', 'parameter:crm_url', 'process:order', 'rule:big_order']);
    });

    it('should store JSON contents canonically with their sha256', async () => {
      const a = await h.call<ArtifactReply>(S.artifactGet, { projectId, artifactId: ids.big_order }, reader);
      expect(a.content).toBe('{"expression":"amount > 1000","resultType":"boolean"}');
      expect(a.contentHash).toBe(createHash('sha256').update(a.content).digest('hex'));
      expect(a).toMatchObject({ editable: true, lock: null, version: 1 });
    });

    it('should refuse a stale overlapping commit with 409 naming the artifact, and accept a stale non-overlapping one', async () => {
      const first = await commit(ada, 1, [{ op: 'update', artifactId: ids.big_order, content: { expression: 'amount > 2000', resultType: 'boolean' } }]);
      expect(first.version).toBe(2);

      const conflict = await refusal(commit(bob, 1, [{ op: 'update', artifactId: ids.big_order, content: { expression: 'amount > 500', resultType: 'boolean' } }]));
      expect(conflict.code).toBe('CATALOG.CONFLICT');
      expect(conflict.details?.artifacts).toEqual([expect.objectContaining({ artifactId: ids.big_order, name: 'big_order', version: 2 })]);

      const clean = await commit(bob, 1, [{ op: 'update', artifactId: ids.customer_form, displayName: 'Customer (edit)' }]);
      expect(clean).toMatchObject({ version: 3, parentVersion: 1 });
      const rule = await h.call<ArtifactReply>(S.artifactGet, { projectId, artifactId: ids.big_order }, bob);
      expect(rule.content).toContain('amount > 2000');
    });

    it('should refuse a parent newer than the head and an unknown artifact with 400', async () => {
      expect((await refusal(commit(ada, 99, [{ op: 'remove', artifactId: ids.nightly }]))).details?.fields).toEqual([expect.objectContaining({ path: 'parentVersion' })]);
      expect((await refusal(commit(ada, 3, [{ op: 'remove', artifactId: '3f1c6f0e-6f5b-4c1a-9a43-7d1c2b1e0a11' }]))).code).toBe('CATALOG.VALIDATION');
    });

    it('should refuse adding a name another artifact of that kind has (409)', async () => {
      const r = await refusal(commit(ada, 3, [{ op: 'add', kind: 'rule', name: 'big_order', displayName: 'Again', content: { expression: 'true', resultType: 'boolean' } }]));
      expect(r.code).toBe('CATALOG.CONFLICT');
    });

    it('should give every one of concurrent non-overlapping commits its own version', async () => {
      const before = (await h.call<{ headVersion: number }>(S.commitList, { projectId }, ada)).headVersion;
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => commit(i % 2 ? ada : bob, before, [{ op: 'add', kind: 'rule', name: `parallel_${i}`, displayName: `P${i}`, content: { expression: `${i} > 1`, resultType: 'boolean' } }])),
      );
      expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 6 }, (_, i) => before + 1 + i));
    });

    it('should order racing first commits of a new project as versions 1, 2, 3, 4', async () => {
      const fresh = h.project();
      const who = await h.person([[fresh, 'collaborator']]);
      const results = await Promise.all(
        Array.from({ length: 4 }, (_, i) => h.call<CommitReply>(S.commitCreate, { projectId: fresh, parentVersion: 0, message: 'race', changes: [{ op: 'add', kind: 'rule', name: `first_${i}`, displayName: 'F', content: { expression: 'true', resultType: 'boolean' } }] }, who)),
      );
      expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
    });
  });

  describe('validation', () => {
    const head = async () => (await h.call<{ headVersion: number }>(S.commitList, { projectId }, ada)).headVersion;

    it('should name the artifact and the BPMN element of a condition that does not parse', async () => {
      const r = await refusal(commit(ada, await head(), [{ op: 'add', kind: 'process', name: 'broken', displayName: 'Broken', content: bpmn({ id: 'Broken', condition: '${amount &gt;}' }) }]));
      expect(r.code).toBe('CATALOG.VALIDATION');
      expect(r.details?.errors).toEqual([expect.objectContaining({ name: 'broken', kind: 'process', elementId: 'f3', rule: 'CONDITION_SYNTAX' })]);
    });

    it('should refuse an executable process whose start does not reach an end', async () => {
      const r = await refusal(commit(ada, await head(), [{ op: 'add', kind: 'process', name: 'dead_end', displayName: 'Dead end', content: bpmn({ id: 'DeadEnd', connectEnd: false }) }]));
      expect(r.details?.errors).toEqual([expect.objectContaining({ name: 'dead_end', elementId: 'DeadEnd', rule: 'NO_START_TO_END' })]);
    });

    it('should refuse references to artifacts that do not exist, and form fields the entity lacks', async () => {
      const r = await refusal(
        commit(ada, await head(), [
          { op: 'add', kind: 'process', name: 'p2', displayName: 'P2', content: bpmn({ id: 'P2', form: 'nope' }) },
          { op: 'add', kind: 'form', name: 'f2', displayName: 'F2', content: customerForm(['name', 'shoeSize']) },
          { op: 'add', kind: 'job', name: 'j2', displayName: 'J2', content: { schedule: { intervalSeconds: 60 }, action: { type: 'connector', connector: 'ghost' } } },
        ]),
      );
      expect(r.details?.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'p2', elementId: 'review', rule: 'MISSING_REFERENCE' }),
          expect.objectContaining({ name: 'f2', elementId: 'fields[1]', rule: 'UNKNOWN_ATTRIBUTE' }),
          expect.objectContaining({ name: 'j2', elementId: 'action.connector', rule: 'MISSING_REFERENCE' }),
        ]),
      );
    });

    it('should refuse removing an artifact that others still reference', async () => {
      const r = await refusal(commit(ada, await head(), [{ op: 'remove', artifactId: ids.customer }]));
      expect(r.details?.errors).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'customer_form', rule: 'MISSING_REFERENCE' })]));
    });

    it('should flag entity changes that break stored data, and accept them as warnings when allowed', async () => {
      const narrower = { ...customerEntity(), attributes: [{ name: 'id', type: 'string', required: true, maxLength: 10 }, { name: 'name', type: 'integer' }, { name: 'amount', type: 'decimal' }] };
      const r = await refusal(commit(ada, await head(), [{ op: 'update', artifactId: ids.customer, content: narrower }]));
      expect(r.details?.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'customer', elementId: 'id', rule: 'ENTITY_BREAKING_CHANGE' }), expect.objectContaining({ elementId: 'name', rule: 'ENTITY_BREAKING_CHANGE' })]),
      );
      const widened = await commit(ada, await head(), [{ op: 'update', artifactId: ids.customer, content: customerEntity([{ name: 'note', type: 'text' }]) }]);
      expect(widened.warnings).toEqual([]);
      const accepted = await commit(ada, await head(), [{ op: 'update', artifactId: ids.customer, content: customerEntity([{ name: 'note', type: 'text', required: true }]) }], { allowBreakingChanges: true });
      expect(accepted.warnings).toEqual([expect.stringContaining('becomes required')]);
    });

    it('should name bad request fields and change nothing', async () => {
      const before = await head();
      const r = await refusal(h.call(S.commitCreate, { projectId, parentVersion: before, message: 'x', changes: [{ op: 'add', kind: 'rule', name: '9bad', displayName: 'x', content: {} }] }, ada));
      expect(r.code).toBe('CATALOG.VALIDATION');
      expect(await head()).toBe(before);
    });
  });

  describe('locks', () => {
    const head = async () => (await h.call<{ headVersion: number }>(S.commitList, { projectId }, ada)).headVersion;

    it('should show others the holder, refuse their commits with 423, and release on the holder commit', async () => {
      const lock = await h.call<LockReply>(S.lockTake, { projectId, artifactId: ids.order, holderName: 'Ada Lovelace' }, ada);
      expect(lock).toMatchObject({ holderId: ada.id, holderName: 'Ada Lovelace' });

      const seen = await h.call<ArtifactReply>(S.artifactGet, { projectId, artifactId: ids.order }, bob);
      expect(seen).toMatchObject({ editable: false, lock: { holderName: 'Ada Lovelace', since: lock.since } });
      const taken = await refusal(h.call(S.lockTake, { projectId, artifactId: ids.order }, bob));
      expect(taken).toMatchObject({ code: 'CATALOG.LOCKED', details: { artifacts: [expect.objectContaining({ holderName: 'Ada Lovelace' })] } });
      const blocked = await refusal(commit(bob, await head(), [{ op: 'update', artifactId: ids.order, displayName: 'Mine' }]));
      expect(blocked.code).toBe('CATALOG.LOCKED');
      expect((await refusal(h.call(S.lockRelease, { projectId, artifactId: ids.order }, bob))).code).toBe('CATALOG.LOCKED');

      await commit(ada, await head(), [{ op: 'update', artifactId: ids.order, displayName: 'Order v2' }]);
      expect((await h.call<{ items: unknown[] }>(S.lockList, { projectId }, bob)).items).toEqual([]);
      expect((await h.call<LockReply>(S.lockTake, { projectId, artifactId: ids.order }, bob)).holderId).toBe(bob.id);
    });

    it('should let only project owners force-release', async () => {
      expect((await refusal(h.call(S.lockForceRelease, { projectId, artifactId: ids.order }, ada))).code).toBe('CATALOG.FORBIDDEN');
      expect(await h.call(S.lockForceRelease, { projectId, artifactId: ids.order }, owner)).toEqual({ artifactId: ids.order, released: true });
    });
  });

  describe('history, diff, tags', () => {
    it('should list the versions of an artifact, newest first', async () => {
      const hist = await h.call<{ items: { version: number; change: string; displayName: string }[] }>(S.artifactHistory, { projectId, artifactId: ids.order }, reader);
      expect(hist.items.map((i) => i.change)).toEqual(['changed', 'added']);
      expect(hist.items[0].displayName).toBe('Order v2');
    });

    it('should diff any two versions, with contents on request', async () => {
      const d = await h.call<DiffReply>(S.diffGet, { projectId, from: 1, to: 3, includeContent: true }, reader);
      expect(d).toMatchObject({ from: 1, to: 3, added: 0, removed: 0, changed: 2 });
      const rule = d.entries.find((e) => e.artifactId === ids.big_order);
      expect(rule).toMatchObject({ change: 'changed', fields: ['content'] });
      expect(rule?.before?.content).toContain('1000');
      expect(rule?.after?.content).toContain('2000');
      expect(d.entries.find((e) => e.artifactId === ids.customer_form)?.fields).toEqual(['displayName']);
      const back = await h.call<DiffReply>(S.diffGet, { projectId, from: 3, to: 0 }, reader);
      expect(back.removed).toBe(7);
    });

    it('should refuse a tag while something is checked out, then tag, snapshot and keep tags immutable', async () => {
      await h.call(S.lockTake, { projectId, artifactId: ids.crm }, bob);
      expect((await refusal(h.call(S.tagCreate, { projectId, name: 'v1.0' }, ada))).code).toBe('CATALOG.LOCKED');
      await h.call(S.lockRelease, { projectId, artifactId: ids.crm }, bob);

      const tag = await h.call<{ version: number }>(S.tagCreate, { projectId, name: 'v1.0', version: 3 }, ada);
      expect(tag.version).toBe(3);
      expect((await refusal(h.call(S.tagCreate, { projectId, name: 'v1.0' }, ada))).code).toBe('CATALOG.CONFLICT');

      const snap = await h.call<TagSnapshotReply>(S.tagSnapshot, { projectId, tag: 'v1.0' }, reader);
      expect(snap).toMatchObject({ projectId, companyId: h.companyId, tag: 'v1.0', version: 3 });
      expect(snap.artifacts).toHaveLength(7);
      expect(() => validatePayload(TagSnapshotReplyDto, snap, 'TEST')).not.toThrow();
      for (const a of snap.artifacts) expect(a.contentHash).toBe(createHash('sha256').update(a.content).digest('hex'));
      expect(snap.artifacts.find((a) => a.name === 'big_order')?.content).toContain('2000');
    });
  });

  describe('authorization', () => {
    it('should answer 404 for another company, 403 for a reader committing, 401 without a token', async () => {
      const stranger = await h.person([], '0b5e8a52-0000-4000-8000-000000000001');
      expect((await refusal(h.call(S.artifactList, { projectId }, stranger))).code).toBe('CATALOG.NOT_FOUND');
      expect((await refusal(h.call(S.tagSnapshot, { projectId, tag: 'v1.0' }, stranger))).code).toBe('CATALOG.NOT_FOUND');
      expect((await refusal(commit(reader, 0, [{ op: 'remove', artifactId: ids.crm }]))).code).toBe('CATALOG.FORBIDDEN');
      expect((await refusal(h.call(S.artifactList, { projectId }))).code).toBe('AUTH.UNAUTHORIZED');
      expect(h.permissions.asked.some((q) => q.sub === reader.id && q.action === 'project.collaborate')).toBe(true);
    });
  });
});
