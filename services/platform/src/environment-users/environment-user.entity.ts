import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** A Work Portal end user of one environment; `id` is the accounts user id in realm `env:<environmentId>`. */
export class EnvironmentUser {
  id!: string;
  companyId!: string;
  environmentId!: string;
  email!: string;
  displayName!: string;
  roles!: string[];
  groups!: string[];
  managerId!: string | null;
  status!: 'active' | 'deactivated';
  createdAt!: Date;
}

export const environmentUserDefinition: EntityDefinition<EnvironmentUser> = {
  target: EnvironmentUser,
  table: 'environment_users',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    environmentId: { column: 'environment_id', kind: col.id() },
    email: { column: 'email', kind: col.string(254) },
    displayName: { column: 'display_name', kind: col.string(120) },
    roles: { column: 'roles', kind: col.json() },
    groups: { column: 'groups', kind: col.json() },
    managerId: { column: 'manager_id', kind: col.id(), nullable: true },
    status: { column: 'status', kind: col.string(20) },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
  indices: [{ name: 'ux_environment_users_env_email', columns: ['environmentId', 'email'], unique: true }],
};

export const environmentUserEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, environmentUserDefinition)];
