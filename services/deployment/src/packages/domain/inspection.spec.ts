import { PACKAGE_FORMAT, type PackageArtifact, type PackageContent } from '@fleet/contracts-deployment';
import { createHash } from 'node:crypto';
import { entityIncompatibilities, inspect, seedConfiguration } from './inspection';
import { checksumOf, PackageRejected, parsePackageFile } from './package-content';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const art = (kind: string, name: string, content: unknown, id = `${kind}-${name}`): PackageArtifact => {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return { id, kind, name, displayName: name, content: text, contentHash: sha(text) };
};
const pkg = (...artifacts: PackageArtifact[]): PackageContent => ({ format: PACKAGE_FORMAT, sourceProjectId: 'p', sourceCompanyId: 'c', tag: 't', version: 1, commitId: 'x', taggedAt: '2026-01-01T00:00:00.000Z', artifacts });
const customer = (attrs: object[], key = ['name']) => ({ attributes: attrs, key });

describe('inspect()', () => {
  const v1 = pkg(art('entity', 'Customer', customer([{ name: 'name', type: 'string' }, { name: 'email', type: 'string' }])), art('process', 'Onboard', '<a/>'), art('job', 'Nightly', { schedule: { cron: '0 1 * * *' } }));

  it('should see a first deployment as all added, needing maintenance, safe', () => {
    const i = inspect(v1, undefined);
    expect(i).toMatchObject({ firstDeployment: true, maintenance: true, safe: true });
    expect(i.objects.map((o) => o.change)).toEqual(['added', 'added', 'added']);
  });

  it('should need no maintenance for a new process version alone', () => {
    const next = pkg(v1.artifacts[0], art('process', 'Onboard', '<a v="2"/>'), v1.artifacts[2]);
    expect(inspect(next, v1)).toMatchObject({ maintenance: false, safe: true, maintenanceReasons: [] });
  });

  it('should need maintenance for a data-model, job or connector authentication change', () => {
    const next = pkg(art('entity', 'Customer', customer([{ name: 'name', type: 'string' }, { name: 'email', type: 'string' }, { name: 'phone', type: 'string' }])), v1.artifacts[1], art('job', 'Nightly', { schedule: { cron: '0 2 * * *' } }));
    expect(inspect(next, v1).maintenanceReasons).toEqual(['data model: entity Customer', 'job definition: Nightly']);
    const c1 = pkg(art('connector', 'Crm', { method: 'GET', urlTemplate: 'x', auth: { type: 'none' }, timeoutMs: 1 }));
    expect(inspect(pkg(art('connector', 'Crm', { method: 'GET', urlTemplate: 'x', auth: { type: 'none' }, timeoutMs: 2 })), c1).maintenance).toBe(false);
    expect(inspect(pkg(art('connector', 'Crm', { method: 'GET', urlTemplate: 'x', auth: { type: 'bearer', token: '{{param:T}}' } })), c1).maintenanceReasons).toEqual(['authentication settings: connector Crm']);
  });

  it('should call removing or renaming a deployed object unsafe', () => {
    const removed = inspect(pkg(v1.artifacts[0], v1.artifacts[2]), v1);
    expect(removed.safe).toBe(false);
    expect(removed.objects).toContainEqual({ kind: 'process', name: 'Onboard', change: 'removed' });
    const renamed = inspect(pkg(v1.artifacts[0], art('process', 'Onboarding', '<a/>', 'process-Onboard'), v1.artifacts[2]), v1);
    expect(renamed.objects).toContainEqual({ kind: 'process', name: 'Onboarding', change: 'renamed', previousName: 'Onboard' });
    expect(renamed.reasons[0]).toContain('renamed');
  });

  it('should call incompatible entity changes unsafe and compatible ones safe', () => {
    const before = JSON.stringify(customer([{ name: 'name', type: 'string' }, { name: 'age', type: 'integer' }]));
    expect(entityIncompatibilities('C', before, JSON.stringify(customer([{ name: 'name', type: 'string' }, { name: 'age', type: 'integer' }, { name: 'x', type: 'text', required: true }])))).toEqual([]);
    expect(entityIncompatibilities('C', before, JSON.stringify(customer([{ name: 'name', type: 'string' }, { name: 'age', type: 'string' }])))).toEqual(['entity C: attribute age changes type integer → string']);
    expect(entityIncompatibilities('C', before, JSON.stringify(customer([{ name: 'name', type: 'string' }, { name: 'age', type: 'integer', required: true }])))).toEqual(['entity C: existing attribute age becomes required']);
    expect(entityIncompatibilities('C', before, JSON.stringify(customer([{ name: 'name', type: 'string' }, { name: 'age', type: 'integer' }], ['age'])))).toEqual(['entity C: business key changes']);
  });

  it('should seed parameter defaults (never secret values), connector settings and auth defaults', () => {
    const p = pkg(art('parameter', 'url', { type: 'url', secret: false, default: 'https://x' }), art('parameter', 'key', { type: 'string', secret: true, default: 'leak' }), art('connector', 'Crm', { auth: { type: 'basic', username: '{{param:U}}' }, retries: 2 }));
    expect(seedConfiguration(p)).toEqual({ parameters: { url: 'https://x', key: null }, connectors: { Crm: { auth: { type: 'basic', username: '{{param:U}}' }, timeoutMs: 30000, retries: 2 } }, auth: { mfa: 'off', idleTimeoutSeconds: 1200 } });
  });
});

describe('parsePackageFile()', () => {
  const content = pkg(art('process', 'A', '<a/>'));
  const file = (c: PackageContent, checksum = checksumOf(c)) => Buffer.from(JSON.stringify({ format: PACKAGE_FORMAT, checksum, content: c, signature: { alg: 'Ed25519' } })).toString('base64');

  it('should accept a well-formed file and refuse edits that do not carry their hashes along', () => {
    expect(parsePackageFile(file(content)).checksum).toBe(checksumOf(content));
    expect(() => parsePackageFile('bm90IGpzb24=')).toThrow(PackageRejected);
    const edited = { ...content, artifacts: [{ ...content.artifacts[0], content: '<b/>' }] };
    expect(() => parsePackageFile(file(edited))).toThrow('artifacts do not match their hashes');
    expect(() => parsePackageFile(file({ ...content, tag: 'other' }, checksumOf(content)))).toThrow('the checksum does not match the content');
  });

  it('should give the same checksum whatever the key order', () => {
    const shuffled = JSON.parse(JSON.stringify({ artifacts: content.artifacts, version: 1, tag: 't', format: PACKAGE_FORMAT, commitId: 'x', taggedAt: content.taggedAt, sourceCompanyId: 'c', sourceProjectId: 'p' })) as PackageContent;
    expect(checksumOf(shuffled)).toBe(checksumOf(content));
  });
});
