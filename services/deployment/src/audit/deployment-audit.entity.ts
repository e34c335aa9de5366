import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** Security-relevant deployment actions: promotion overrides, trust changes, imports, manual windows. Append-only. */
export class DeploymentAuditEntry {
  id!: string;
  companyId!: string;
  action!: string;
  actorId!: string;
  subjectId!: string | null;
  details!: Record<string, unknown>;
  at!: Date;
}

export const deploymentAuditDefinition: EntityDefinition<DeploymentAuditEntry> = {
  target: DeploymentAuditEntry,
  table: 'deployment_audit',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    action: { column: 'action', kind: col.string(60) },
    actorId: { column: 'actor_id', kind: col.string(64) },
    subjectId: { column: 'subject_id', kind: col.string(64), nullable: true },
    details: { column: 'details', kind: col.json() },
    at: { column: 'at', kind: col.timestamp() },
  },
  indices: [{ name: 'ix_deployment_audit_company_at', columns: ['companyId', 'at'] }],
};

export const auditEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, deploymentAuditDefinition)];
