import type { RealmKind } from '@fleet/contracts-accounts';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** An identity realm: `company` (the admin plane of one company) or `env:<environmentId>` (one Work Portal). */
export class Realm {
  id!: string;
  companyId!: string;
  name!: string;
  kind!: RealmKind;
  createdAt!: Date;
}

export const realmDefinition: EntityDefinition<Realm> = {
  target: Realm,
  table: 'realms',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    name: { column: 'name', kind: col.string(80) },
    kind: { column: 'kind', kind: col.string(20) },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
  indices: [{ name: 'ux_realms_company_name', columns: ['companyId', 'name'], unique: true }],
};

export const realmEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, realmDefinition)];
