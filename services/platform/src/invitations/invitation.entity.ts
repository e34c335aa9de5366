import type { Role } from '@fleet/contracts-platform';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** An e-mailed, expiring, one-time offer of a role; only the token's SHA-256 is stored. */
export class Invitation {
  id!: string;
  companyId!: string;
  email!: string;
  displayName!: string | null;
  role!: Role;
  resourceId!: string;
  tokenHash!: string;
  expiresAt!: Date;
  acceptedAt!: Date | null;
  acceptedBy!: string | null;
  createdBy!: string;
  createdAt!: Date;
}

export const invitationDefinition: EntityDefinition<Invitation> = {
  target: Invitation,
  table: 'invitations',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    email: { column: 'email', kind: col.string(254) },
    displayName: { column: 'display_name', kind: col.string(120), nullable: true },
    role: { column: 'role', kind: col.string(40) },
    resourceId: { column: 'resource_id', kind: col.id() },
    tokenHash: { column: 'token_hash', kind: col.string(64) },
    expiresAt: { column: 'expires_at', kind: col.timestamp() },
    acceptedAt: { column: 'accepted_at', kind: col.timestamp(), nullable: true },
    acceptedBy: { column: 'accepted_by', kind: col.id(), nullable: true },
    createdBy: { column: 'created_by', kind: col.id() },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
  indices: [
    { name: 'ux_invitations_token_hash', columns: ['tokenHash'], unique: true },
    { name: 'ix_invitations_company', columns: ['companyId'] },
  ],
};

export const invitationEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, invitationDefinition)];
