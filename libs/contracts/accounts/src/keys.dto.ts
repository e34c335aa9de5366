import { IsArray, IsBoolean, IsUUID } from 'class-validator';

/** Request of `accounts.jwks.get` (no fields). */
export class JwksRequest {}

/** One public signing key (RFC 7517), ES256 on P-256. */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

/** Reply of `accounts.jwks.get`: the active key and any retiring one whose tokens may still be valid. */
export class JwksReply {
  @IsArray()
  keys!: PublicJwk[];
}

/** Request of `accounts.session.check`. */
export class SessionCheckRequest {
  /** The `sid` claim of an access token. */
  @IsUUID()
  sessionId!: string;
}

/** Reply of `accounts.session.check`. */
export class SessionCheckReply {
  /** False when the session is unknown, revoked or idle past its realm's timeout. */
  @IsBoolean()
  active!: boolean;
}
