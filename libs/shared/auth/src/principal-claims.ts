import { FLEET_REALM, NO_COMPANY_ID, REALM_NAME_PATTERN } from '@fleet/contracts-accounts';
import type { Principal } from '@fleet/contracts-fleet';
import { UnauthorizedError } from './auth-errors';

/**
 * The realm a route or handler requires: `company`, any environment realm (`env`), one `env:<id>`,
 * or `fleet` (Fleet's own services: internal service tokens, accepted nowhere else).
 */
export type RealmRequirement = 'company' | 'env' | `env:${string}` | 'fleet';

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;

/**
 * True when a principal of `realm` satisfies `required`. No requirement: any customer realm
 * (`company`, `env:<id>`); the `fleet` realm only where `fleet` is required, and only it there.
 */
export function realmMatches(realm: string, required?: RealmRequirement): boolean {
  if (realm === FLEET_REALM || required === 'fleet') return realm === required;
  if (!required) return true;
  if (required === 'env') return realm.startsWith('env:');
  return realm === required;
}

/**
 * The principal named by verified access-token claims, after checking their shape: `typ: access`,
 * `sub`, `cid`, a well-formed `realm`, `kind`, and `eid` present exactly for environment realms
 * (and equal to the realm's id). A `fleet`-realm token must be an internal service token:
 * `kind: service`, `sub: svc:<service>`, the nil company id, no session.
 */
export function principalOf(claims: Record<string, unknown>): Principal {
  const { sub, realm, cid, eid, sid, kind, typ } = claims;
  if (typ !== 'access') throw new UnauthorizedError(`typ ${String(typ)} is not access`);
  if (!nonEmpty(sub) || !nonEmpty(cid)) throw new UnauthorizedError('sub or cid missing or malformed');
  if (realm === FLEET_REALM) return fleetPrincipalOf(sub, cid, kind, sid, eid);
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

/** An internal service principal (realm `fleet`), after checking its claims are exactly those accounts signs. */
function fleetPrincipalOf(sub: string, cid: string, kind: unknown, sid: unknown, eid: unknown): Principal {
  if (kind !== 'service' || !/^svc:[a-z][a-z0-9-]{0,62}$/.test(sub) || cid !== NO_COMPANY_ID || sid !== undefined || eid !== undefined) {
    throw new UnauthorizedError(`malformed fleet service token (kind ${String(kind)}, sub ${sub.slice(0, 80)})`);
  }
  return { sub, realm: FLEET_REALM, companyId: cid, kind: 'service' };
}
