import type { DeploymentStatus, EnvironmentConfiguration } from '@fleet/contracts-deployment';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** One apply of a package to an environment: the history row and the state of the two-phase protocol. */
export class DeploymentRecord {
  id!: string;
  environmentId!: string;
  environmentKind!: string;
  projectId!: string;
  companyId!: string;
  packageId!: string;
  previousPackageId!: string | null;
  status!: DeploymentStatus;
  reason!: string | null;
  firstDeployment!: boolean;
  maintenance!: boolean;
  acknowledgers!: string[];
  startedBy!: string;
  startedAt!: Date;
  /** pending: abort after; committed: finish (window back to active) after. */
  deadline!: Date;
  committedAt!: Date | null;
  finishedAt!: Date | null;
  overrideBy!: string | null;
  overrideReason!: string | null;
}

/** A runtime service's outcome for an apply (one row per service and outcome). */
export class ApplyAck {
  id!: string;
  deploymentId!: string;
  service!: string;
  outcome!: 'staged' | 'failed' | 'activated';
  reason!: string | null;
  at!: Date;
}

/** What an environment runs now, and the apply in progress (at most one). */
export class EnvironmentState {
  environmentId!: string;
  companyId!: string;
  projectId!: string;
  kind!: string;
  currentPackageId!: string | null;
  currentDeploymentId!: string | null;
  applyingDeploymentId!: string | null;
  updatedAt!: Date;
}

/** The configuration the first deployment seeded; later deployments never overwrite it. */
export class EnvironmentConfig {
  environmentId!: string;
  companyId!: string;
  configuration!: EnvironmentConfiguration;
  seededBy!: string;
  createdAt!: Date;
}

export const deploymentDefinition: EntityDefinition<DeploymentRecord> = {
  target: DeploymentRecord,
  table: 'deployments',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    environmentId: { column: 'environment_id', kind: col.id() },
    environmentKind: { column: 'environment_kind', kind: col.string(20) },
    projectId: { column: 'project_id', kind: col.id() },
    companyId: { column: 'company_id', kind: col.id() },
    packageId: { column: 'package_id', kind: col.string(64) },
    previousPackageId: { column: 'previous_package_id', kind: col.string(64), nullable: true },
    status: { column: 'status', kind: col.string(12) },
    reason: { column: 'reason', kind: col.text(), nullable: true },
    firstDeployment: { column: 'first_deployment', kind: col.boolean() },
    maintenance: { column: 'maintenance', kind: col.boolean() },
    acknowledgers: { column: 'acknowledgers', kind: col.json() },
    startedBy: { column: 'started_by', kind: col.string(64) },
    startedAt: { column: 'started_at', kind: col.timestamp() },
    deadline: { column: 'deadline', kind: col.timestamp() },
    committedAt: { column: 'committed_at', kind: col.timestamp(), nullable: true },
    finishedAt: { column: 'finished_at', kind: col.timestamp(), nullable: true },
    overrideBy: { column: 'override_by', kind: col.string(64), nullable: true },
    overrideReason: { column: 'override_reason', kind: col.string(500), nullable: true },
  },
  indices: [
    { name: 'ix_deployments_environment_started', columns: ['environmentId', 'startedAt'] },
    { name: 'ix_deployments_status', columns: ['status'] },
    { name: 'ix_deployments_project_package', columns: ['projectId', 'packageId'] },
  ],
};

export const applyAckDefinition: EntityDefinition<ApplyAck> = {
  target: ApplyAck,
  table: 'apply_acks',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    deploymentId: { column: 'deployment_id', kind: col.id() },
    service: { column: 'service', kind: col.string(64) },
    outcome: { column: 'outcome', kind: col.string(12) },
    reason: { column: 'reason', kind: col.text(), nullable: true },
    at: { column: 'at', kind: col.timestamp() },
  },
  indices: [{ name: 'ux_apply_acks_deployment_service_outcome', columns: ['deploymentId', 'service', 'outcome'], unique: true }],
};

export const environmentStateDefinition: EntityDefinition<EnvironmentState> = {
  target: EnvironmentState,
  table: 'environment_states',
  columns: {
    environmentId: { column: 'environment_id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    projectId: { column: 'project_id', kind: col.id() },
    kind: { column: 'kind', kind: col.string(20) },
    currentPackageId: { column: 'current_package_id', kind: col.string(64), nullable: true },
    currentDeploymentId: { column: 'current_deployment_id', kind: col.id(), nullable: true },
    applyingDeploymentId: { column: 'applying_deployment_id', kind: col.id(), nullable: true },
    updatedAt: { column: 'updated_at', kind: col.timestamp() },
  },
};

export const environmentConfigDefinition: EntityDefinition<EnvironmentConfig> = {
  target: EnvironmentConfig,
  table: 'environment_configs',
  columns: {
    environmentId: { column: 'environment_id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    configuration: { column: 'configuration', kind: col.json() },
    seededBy: { column: 'seeded_by', kind: col.id() },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
};

export const deploymentEntities = (d: Dialect): EntitySchema[] => [
  entitySchema(d, deploymentDefinition),
  entitySchema(d, applyAckDefinition),
  entitySchema(d, environmentStateDefinition),
  entitySchema(d, environmentConfigDefinition),
];
