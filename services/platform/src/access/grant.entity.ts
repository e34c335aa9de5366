import type { ResourceType, Role } from '@fleet/contracts-platform';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** A role held by a company user on one resource. */
export class Grant {
  id!: string;
  companyId!: string;
  userId!: string;
  role!: Role;
  resourceType!: ResourceType;
  resourceId!: string;
  grantedBy!: string;
  createdAt!: Date;
}

export const grantDefinition: EntityDefinition<Grant> = {
  target: Grant,
  table: 'grants',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    userId: { column: 'user_id', kind: col.id() },
    role: { column: 'role', kind: col.string(40) },
    resourceType: { column: 'resource_type', kind: col.string(20) },
    resourceId: { column: 'resource_id', kind: col.string(64) },
    grantedBy: { column: 'granted_by', kind: col.string(64) },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
  indices: [
    { name: 'ux_grants_user_role_resource', columns: ['userId', 'role', 'resourceType', 'resourceId'], unique: true },
    { name: 'ix_grants_company_user', columns: ['companyId', 'userId'] },
  ],
};

export const grantEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, grantDefinition)];
