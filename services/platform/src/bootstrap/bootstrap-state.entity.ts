import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** Progress of the first-start bootstrap (one row), so a crash half-way resumes instead of starting over. */
export class BootstrapState {
  id!: string;
  companyId!: string;
  adminEmail!: string;
  status!: 'pending' | 'done';
  updatedAt!: Date;
}

export const bootstrapStateDefinition: EntityDefinition<BootstrapState> = {
  target: BootstrapState,
  table: 'platform_bootstrap',
  columns: {
    id: { column: 'id', kind: col.string(20), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    adminEmail: { column: 'admin_email', kind: col.string(254) },
    status: { column: 'status', kind: col.string(20) },
    updatedAt: { column: 'updated_at', kind: col.timestamp() },
  },
};

export const bootstrapEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, bootstrapStateDefinition)];
