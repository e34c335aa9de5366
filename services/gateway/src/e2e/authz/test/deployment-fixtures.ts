import { CatalogSubjects } from '@fleet/contracts-catalog';
import { eventually } from '@fleet/shared-testing';
import { headers, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { createHash, randomUUID } from 'node:crypto';

type Api = <T = Record<string, string>>(method: string, path: string, token: string | undefined, body?: unknown) => Promise<T>;

const sha = (s: string) => createHash('sha256').update(Buffer.from(s, 'utf8')).digest('hex');

/** A fixed, well-formed Ed25519 public key for trusted-key rows (32 bytes, base64url). */
export const MATRIX_TRUSTED_KEY = 'tJvWQ0kzWl1a6WJr1m3i0kQ0pQ6Oz0ZbqzK1bJt1mXw';

/**
 * Answers `catalog.tag.snapshot` for a project with one tag while the fleet's catalog does not
 * serve that subject (no responders). Once the catalog service answers it, nothing is installed and
 * the tag must exist there.
 */
export async function standInCatalog(nc: NatsConnection, prefix: string, companyId: string, projectId: string, tag: string): Promise<Subscription | undefined> {
  const subject = `${prefix}.${CatalogSubjects.tagSnapshot}`;
  const probe = await nc.request(subject, JSON.stringify({ pattern: CatalogSubjects.tagSnapshot, data: { projectId, tag }, id: randomUUID() }), { timeout: 2000, headers: headers() }).then(
    () => 'answered',
    (e: Error) => e.message,
  );
  if (probe === 'answered') return undefined;
  const content = JSON.stringify({ attributes: [{ name: 'number', type: 'string', required: true }], key: ['number'] });
  const snapshot = {
    projectId,
    companyId,
    tag,
    commitId: randomUUID(),
    version: 1,
    createdAt: new Date().toISOString(),
    artifacts: [
      { id: randomUUID(), kind: 'entity', name: 'Order', displayName: 'Order', content, contentHash: sha(content) },
      { id: randomUUID(), kind: 'process', name: 'Fulfil', displayName: 'Fulfil', content: '<bpmn:definitions/>', contentHash: sha('<bpmn:definitions/>') },
    ],
  };
  return nc.subscribe(subject, {
    callback: (_e, msg) => {
      const packet = msg.json<{ id: string; data: { projectId: string; tag: string } }>();
      const found = packet.data.projectId === projectId && packet.data.tag === tag;
      msg.respond(JSON.stringify(found ? { id: packet.id, isDisposed: true, response: snapshot } : { id: packet.id, isDisposed: true, err: { code: 'CATALOG.NOT_FOUND', message: 'tag not found' } }));
    },
  });
}

/**
 * The deployment fixtures of the matrix: a package built from tag `matrix-v1` of project A, its
 * exported file (base64) and one finished deployment to A's development environment.
 */
export async function deploymentWorld(api: Api, nc: NatsConnection, prefix: string, token: string, ids: { company: string; project: string; environment: string }) {
  const tag = 'matrix-v1';
  await standInCatalog(nc, prefix, ids.company, ids.project, tag);
  const pkg = await api('POST', `/api/v1/projects/${ids.project}/packages`, token, { tag });
  const exported = await api<object>('GET', `/api/v1/projects/${ids.project}/packages/${pkg.id}/export`, token);
  const deployment = await api('POST', `/api/v1/environments/${ids.environment}/deployments`, token, { packageId: pkg.id });
  await eventually(
    () => api<{ status: string }>('GET', `/api/v1/environments/${ids.environment}/deployments/${deployment.id}`, token).then((d) => (d.status === 'done' ? true : undefined), () => undefined),
    'the matrix deployment to finish',
    30000,
    200,
  );
  return {
    ids: { 'A.tag': tag, 'A.package': pkg.id, 'A.packageFile': Buffer.from(JSON.stringify(exported)).toString('base64'), 'A.deployment': deployment.id, 'A.trustedKey': MATRIX_TRUSTED_KEY },
    fresh: async (kind: string): Promise<Record<string, string> | undefined> => {
      if (kind !== 'trustedKey') return undefined;
      const bytes = createHash('sha256').update(randomUUID()).digest().toString('base64url');
      const key = await api('POST', `/api/v1/companies/${ids.company}/trusted-keys`, token, { publicKey: bytes, name: 'Fresh' });
      return { 'fresh.trustedKey': key.keyId };
    },
  };
}
