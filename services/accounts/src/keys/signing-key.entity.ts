import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** Lifecycle of a signing key: signs (active) → only verifies (retiring) → out of the JWKS (retired). */
export type SigningKeyStatus = 'active' | 'retiring' | 'retired';

/**
 * An ES256 signing key. `generation` is unique: two replicas that rotate at once both try the
 * next generation, one insert wins and the other re-reads, so there is never a second active key.
 */
export class SigningKey {
  kid!: string;
  generation!: number;
  alg!: string;
  /** The public JWK (JSON text). */
  publicJwk!: string;
  /** PKCS#8 PEM encrypted with AES-256-GCM (see key-encryption.ts); emptied once retired. */
  privateKeyEnc!: string;
  status!: SigningKeyStatus;
  createdAt!: Date;
  /** Set when replaced: the key leaves the JWKS after this instant. */
  retireAfter!: Date | null;
}

export const signingKeyDefinition: EntityDefinition<SigningKey> = {
  target: SigningKey,
  table: 'signing_keys',
  columns: {
    kid: { column: 'kid', kind: col.string(64), primary: true },
    generation: { column: 'generation', kind: col.int() },
    alg: { column: 'alg', kind: col.string(10) },
    publicJwk: { column: 'public_jwk', kind: col.text() },
    privateKeyEnc: { column: 'private_key_enc', kind: col.text() },
    status: { column: 'status', kind: col.string(20) },
    createdAt: { column: 'created_at', kind: col.timestamp() },
    retireAfter: { column: 'retire_after', kind: col.timestamp(), nullable: true },
  },
  indices: [{ name: 'ux_signing_keys_generation', columns: ['generation'], unique: true }],
};

export const signingKeyEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, signingKeyDefinition)];
