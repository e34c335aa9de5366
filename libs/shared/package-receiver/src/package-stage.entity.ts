import type { EnvironmentConfiguration, PackageContent } from '@fleet/contracts-deployment';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

export type StageStatus = 'staged' | 'failed' | 'active' | 'superseded' | 'discarded';

/** A package a runtime service received for an environment, through the two phases of an apply. */
export class PackageStage {
  applyId!: string;
  environmentId!: string;
  packageId!: string;
  status!: StageStatus;
  content!: PackageContent;
  firstDeployment!: boolean;
  configuration!: EnvironmentConfiguration | null;
  reason!: string | null;
  /** The outcome still to report to deployment (`staged`, `failed`, `activated`), null once reported. */
  pendingAck!: string | null;
  createdAt!: Date;
  updatedAt!: Date;
}

export const packageStageDefinition: EntityDefinition<PackageStage> = {
  target: PackageStage,
  table: 'package_stages',
  columns: {
    applyId: { column: 'apply_id', kind: col.id(), primary: true },
    environmentId: { column: 'environment_id', kind: col.id() },
    packageId: { column: 'package_id', kind: col.string(64) },
    status: { column: 'status', kind: col.string(12) },
    content: { column: 'content', kind: col.json() },
    firstDeployment: { column: 'first_deployment', kind: col.boolean() },
    configuration: { column: 'configuration', kind: col.json(), nullable: true },
    reason: { column: 'reason', kind: col.text(), nullable: true },
    pendingAck: { column: 'pending_ack', kind: col.string(12), nullable: true },
    createdAt: { column: 'created_at', kind: col.timestamp() },
    updatedAt: { column: 'updated_at', kind: col.timestamp() },
  },
  indices: [
    { name: 'ix_package_stages_environment_status', columns: ['environmentId', 'status'] },
    { name: 'ix_package_stages_pending_ack', columns: ['pendingAck'] },
  ],
};

export const packageStageEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, packageStageDefinition)];
