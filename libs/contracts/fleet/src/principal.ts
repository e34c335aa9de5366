/**
 * Who is calling, as every service derives it from the verified access token carried in the
 * `authorization` NATS header (never from a header a client could forge). Roles are not in the
 * token: services ask platform's permission API (`platform.permission.check`).
 */
export interface Principal {
  /** User id (accounts), the customer service account's id, or `svc:<service>` for a Fleet service. */
  sub: string;
  /**
   * `company` (admin plane), `env:<environmentId>` (a Work Portal), or `fleet` (Fleet's own
   * services: accepted only where a handler asks for the `fleet` realm).
   */
  realm: string;
  /** The company the principal belongs to (the nil UUID for `fleet` service principals). */
  companyId: string;
  /** Set for environment-realm principals. */
  environmentId?: string;
  /** Session id (refresh-token family); absent for service tokens. */
  sessionId?: string;
  kind: 'user' | 'service';
}

/** Claims of a Fleet access token (JWT, ES256), see ARCHITECTURE.md "Identity and access". */
export interface AccessTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  realm: string;
  cid: string;
  eid?: string;
  sid?: string;
  typ: 'access';
  kind: 'user' | 'service';
  iat: number;
  nbf: number;
  exp: number;
}

/** The audience of every Fleet access token. */
export const FLEET_TOKEN_AUDIENCE = 'fleet-api';
