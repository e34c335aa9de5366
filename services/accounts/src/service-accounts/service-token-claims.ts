import { FLEET_REALM, NO_COMPANY_ID, serviceSubjectOf } from '@fleet/contracts-accounts';
import { FLEET_TOKEN_AUDIENCE, type AccessTokenClaims } from '@fleet/contracts-fleet';

/** Who a service token is for: a Fleet service (internal), or a company's service account. */
export type ServiceTokenSubject = { kind: 'fleet'; service: string } | { kind: 'customer'; serviceAccountId: string; companyId: string };

/**
 * The claims of a service token (client-credentials grant): `kind: service`, no `sid` (no session to
 * revoke: the token lives its 15 minutes). Internal: realm `fleet`, `sub: svc:<service>`, the nil
 * company id. Customer: realm `company`, `sub` = the service account id, `cid` = its company. Pure.
 */
export function serviceTokenClaims(s: ServiceTokenSubject, o: { issuer: string; ttlSeconds: number; now: Date }): AccessTokenClaims {
  const iat = Math.floor(o.now.getTime() / 1000);
  const who = s.kind === 'fleet' ? { sub: serviceSubjectOf(s.service), realm: FLEET_REALM, cid: NO_COMPANY_ID } : { sub: s.serviceAccountId, realm: 'company', cid: s.companyId };
  return { iss: o.issuer, aud: FLEET_TOKEN_AUDIENCE, ...who, typ: 'access', kind: 'service', iat, nbf: iat, exp: iat + o.ttlSeconds };
}
