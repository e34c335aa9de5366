import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** A realm's external OpenID Connect provider (the company realm or an environment realm); the client secret is sealed with the key-encryption key. */
export class OidcProvider {
  companyId!: string;
  realm!: string;
  issuer!: string;
  clientId!: string;
  clientSecretEncrypted!: string;
  scopes!: string[];
  provision!: boolean;
  updatedAt!: Date;
}

/** A sign-in in flight: found by the SHA-256 of its state, used once, short-lived. */
export class OidcState {
  stateHash!: string;
  companyId!: string;
  realm!: string;
  nonce!: string;
  /** The PKCE verifier, sealed with the key-encryption key. */
  codeVerifierEncrypted!: string;
  redirectUri!: string;
  expiresAt!: Date;
}

export const oidcProviderDefinition: EntityDefinition<OidcProvider> = {
  target: OidcProvider,
  table: 'oidc_realm_providers',
  columns: {
    companyId: { column: 'company_id', kind: col.id(), primary: true },
    realm: { column: 'realm', kind: col.string(80), primary: true },
    issuer: { column: 'issuer', kind: col.string(500) },
    clientId: { column: 'client_id', kind: col.string(200) },
    clientSecretEncrypted: { column: 'client_secret_encrypted', kind: col.text() },
    scopes: { column: 'scopes', kind: col.json() },
    provision: { column: 'provision', kind: col.boolean() },
    updatedAt: { column: 'updated_at', kind: col.timestamp() },
  },
};

export const oidcStateDefinition: EntityDefinition<OidcState> = {
  target: OidcState,
  table: 'oidc_states',
  columns: {
    stateHash: { column: 'state_hash', kind: col.string(64), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    realm: { column: 'realm', kind: col.string(80) },
    nonce: { column: 'nonce', kind: col.string(64) },
    codeVerifierEncrypted: { column: 'code_verifier_encrypted', kind: col.text() },
    redirectUri: { column: 'redirect_uri', kind: col.string(500) },
    expiresAt: { column: 'expires_at', kind: col.timestamp() },
  },
  indices: [{ name: 'ix_oidc_states_expires', columns: ['expiresAt'] }],
};

export const oidcEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, oidcProviderDefinition), entitySchema(d, oidcStateDefinition)];
