import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** This installation's package-signing key (one row, id `installation`). */
export class SigningKey {
  id!: string;
  keyId!: string;
  publicKey!: string;
  /** PKCS#8 DER, base64. */
  privateKey!: string;
  createdAt!: Date;
}

/** A public key a company trusts for imports (added by its administrators). */
export class TrustedKey {
  id!: string;
  companyId!: string;
  keyId!: string;
  publicKey!: string;
  name!: string;
  addedBy!: string;
  createdAt!: Date;
}

export const signingKeyDefinition: EntityDefinition<SigningKey> = {
  target: SigningKey,
  table: 'signing_keys',
  columns: {
    id: { column: 'id', kind: col.string(20), primary: true },
    keyId: { column: 'key_id', kind: col.string(22) },
    publicKey: { column: 'public_key', kind: col.string(64) },
    privateKey: { column: 'private_key', kind: col.text() },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
};

export const trustedKeyDefinition: EntityDefinition<TrustedKey> = {
  target: TrustedKey,
  table: 'trusted_keys',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    keyId: { column: 'key_id', kind: col.string(22) },
    publicKey: { column: 'public_key', kind: col.string(64) },
    name: { column: 'name', kind: col.string(120) },
    addedBy: { column: 'added_by', kind: col.string(64) },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
  indices: [{ name: 'ux_trusted_keys_company_key', columns: ['companyId', 'keyId'], unique: true }],
};

export const keyEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, signingKeyDefinition), entitySchema(d, trustedKeyDefinition)];
