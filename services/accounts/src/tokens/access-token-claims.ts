import { environmentIdOf } from '@fleet/contracts-accounts';
import { FLEET_TOKEN_AUDIENCE, type AccessTokenClaims } from '@fleet/contracts-fleet';

/** Who the token is for: a user's session. */
export interface TokenSubject {
  userId: string;
  companyId: string;
  realm: string;
  sessionId: string;
}

/**
 * The claims of a user's access token, exactly as ARCHITECTURE.md "Identity and access" lists them
 * (`eid` only for environment realms). Pure: `now` is given.
 */
export function accessTokenClaims(s: TokenSubject, o: { issuer: string; ttlSeconds: number; now: Date }): AccessTokenClaims {
  const iat = Math.floor(o.now.getTime() / 1000);
  const eid = environmentIdOf(s.realm);
  return {
    iss: o.issuer,
    aud: FLEET_TOKEN_AUDIENCE,
    sub: s.userId,
    realm: s.realm,
    cid: s.companyId,
    ...(eid ? { eid } : {}),
    sid: s.sessionId,
    typ: 'access',
    kind: 'user',
    iat,
    nbf: iat,
    exp: iat + o.ttlSeconds,
  };
}
