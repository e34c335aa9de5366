import { REALM_NAME_PATTERN } from '@fleet/contracts-accounts';
import type { Principal } from '@fleet/contracts-fleet';
import { UnauthorizedError } from './auth-errors';

/** The realm a route or handler requires: `company`, any environment realm (`env`), or one `env:<id>`. */
export type RealmRequirement = 'company' | 'env' | `env:${string}`;

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;

/** True when a principal of `realm` satisfies `required` (no requirement: any realm). */
export function realmMatches(realm: string, required?: RealmRequirement): boolean {
  if (!required) return true;
  if (required === 'env') return realm.startsWith('env:');
  return realm === required;
}

/**
 * The principal named by verified access-token claims, after checking their shape: `typ: access`,
 * `sub`, `cid`, a well-formed `realm`, `kind`, and `eid` present exactly for environment realms
 * (and equal to the realm's id).
 */
export function principalOf(claims: Record<string, unknown>): Principal {
  const { sub, realm, cid, eid, sid, kind, typ } = claims;
  if (typ !== 'access') throw new UnauthorizedError(`typ ${String(typ)} is not access`);
  if (!nonEmpty(sub) || !nonEmpty(cid)) throw new UnauthorizedError('sub or cid missing or malformed');
  if (typeof realm !== 'string' || !REALM_NAME_PATTERN.test(realm)) throw new UnauthorizedError(`malformed realm ${String(realm).slice(0, 80)}`);
  if (kind !== 'user' && kind !== 'service') throw new UnauthorizedError(`unknown kind ${String(kind)}`);
  if (sid !== undefined && !nonEmpty(sid)) throw new UnauthorizedError('malformed sid');
  const environmentId = realm.startsWith('env:') ? realm.slice('env:'.length) : undefined;
  if (eid !== environmentId) throw new UnauthorizedError(`eid ${String(eid)} does not match realm ${realm}`);
  return {
    sub,
    realm,
    companyId: cid,
    ...(environmentId ? { environmentId } : {}),
    ...(sid ? { sessionId: sid } : {}),
    kind,
  };
}
