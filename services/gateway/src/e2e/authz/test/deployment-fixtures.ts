import { eventually } from '@fleet/shared-testing';
import { createHash, randomUUID } from 'node:crypto';

type Api = <T = Record<string, string>>(method: string, path: string, token: string | undefined, body?: unknown) => Promise<T>;

/** A fixed, well-formed Ed25519 public key for trusted-key rows (32 bytes, base64url). */
export const MATRIX_TRUSTED_KEY = 'tJvWQ0kzWl1a6WJr1m3i0kQ0pQ6Oz0ZbqzK1bJt1mXw';

/**
 * The deployment fixtures of the matrix: a package built from the catalog's tag of project A, its
 * exported file (base64) and one finished deployment to A's development environment.
 */
export async function deploymentWorld(api: Api, token: string, ids: { company: string; project: string; environment: string; tag: string }) {
  const tag = ids.tag;
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
    ids: { 'A.package': pkg.id, 'A.packageFile': Buffer.from(JSON.stringify(exported)).toString('base64'), 'A.deployment': deployment.id, 'A.trustedKey': MATRIX_TRUSTED_KEY },
    fresh: async (kind: string): Promise<Record<string, string> | undefined> => {
      if (kind !== 'trustedKey') return undefined;
      const bytes = createHash('sha256').update(randomUUID()).digest().toString('base64url');
      const key = await api('POST', `/api/v1/companies/${ids.company}/trusted-keys`, token, { publicKey: bytes, name: 'Fresh' });
      return { 'fresh.trustedKey': key.keyId };
    },
  };
}
