import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** A customer company: the top of the tenancy hierarchy. */
export class Company {
  id!: string;
  name!: string;
  slug!: string;
  createdAt!: Date;
}

export const companyDefinition: EntityDefinition<Company> = {
  target: Company,
  table: 'companies',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    name: { column: 'name', kind: col.string(120) },
    slug: { column: 'slug', kind: col.string(40) },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
  indices: [
    { name: 'ux_companies_slug', columns: ['slug'], unique: true },
    { name: 'ux_companies_name', columns: ['name'], unique: true },
  ],
};

export const companyEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, companyDefinition)];
