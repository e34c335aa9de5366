import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** A company's machine client: its `client_id` is the id; only the SHA-256 (hex) of its secret is kept. */
export class ServiceAccount {
  id!: string;
  companyId!: string;
  name!: string;
  secretHash!: string;
  /** The user (or service) that created it. */
  createdBy!: string;
  createdAt!: Date;
  revokedAt!: Date | null;
}

export const serviceAccountDefinition: EntityDefinition<ServiceAccount> = {
  target: ServiceAccount,
  table: 'service_accounts',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    name: { column: 'name', kind: col.string(100) },
    secretHash: { column: 'secret_hash', kind: col.string(64) },
    createdBy: { column: 'created_by', kind: col.string(80) },
    createdAt: { column: 'created_at', kind: col.timestamp() },
    revokedAt: { column: 'revoked_at', kind: col.timestamp(), nullable: true },
  },
  indices: [{ name: 'ix_service_accounts_company', columns: ['companyId', 'createdAt'] }],
};

export const serviceAccountEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, serviceAccountDefinition)];
