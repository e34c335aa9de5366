import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** A person in a company's user pool; `id` is the accounts user id. */
export class CompanyUser {
  id!: string;
  companyId!: string;
  email!: string;
  displayName!: string;
  status!: 'active' | 'deactivated';
  createdAt!: Date;
}

export const companyUserDefinition: EntityDefinition<CompanyUser> = {
  target: CompanyUser,
  table: 'company_users',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    email: { column: 'email', kind: col.string(254) },
    displayName: { column: 'display_name', kind: col.string(120) },
    status: { column: 'status', kind: col.string(20) },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
  indices: [{ name: 'ux_company_users_company_email', columns: ['companyId', 'email'], unique: true }],
};

export const companyUserEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, companyUserDefinition)];
