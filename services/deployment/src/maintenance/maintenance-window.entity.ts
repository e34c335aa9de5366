import type { MaintenanceState } from '@fleet/contracts-deployment';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** An environment's maintenance window (one row per environment that ever had one). */
export class MaintenanceWindow {
  environmentId!: string;
  companyId!: string;
  state!: MaintenanceState;
  reason!: 'manual' | 'deployment' | null;
  deploymentId!: string | null;
  message!: string;
  since!: Date;
  announcementStart!: Date | null;
  announcementEnd!: Date | null;
  announcementMessage!: string | null;
  updatedBy!: string;
}

export const maintenanceWindowDefinition: EntityDefinition<MaintenanceWindow> = {
  target: MaintenanceWindow,
  table: 'maintenance_windows',
  columns: {
    environmentId: { column: 'environment_id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    state: { column: 'state', kind: col.string(12) },
    reason: { column: 'reason', kind: col.string(12), nullable: true },
    deploymentId: { column: 'deployment_id', kind: col.id(), nullable: true },
    message: { column: 'message', kind: col.string(500) },
    since: { column: 'since', kind: col.timestamp() },
    announcementStart: { column: 'announcement_start', kind: col.timestamp(), nullable: true },
    announcementEnd: { column: 'announcement_end', kind: col.timestamp(), nullable: true },
    announcementMessage: { column: 'announcement_message', kind: col.string(500), nullable: true },
    updatedBy: { column: 'updated_by', kind: col.string(64) },
  },
  indices: [{ name: 'ix_maintenance_windows_state', columns: ['state'] }],
};

export const maintenanceEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, maintenanceWindowDefinition)];
