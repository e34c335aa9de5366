import type { AuditCategory } from '@fleet/contracts-platform';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** One security-relevant action: who, what, whom, when, from where. Append-only. */
export class AuditEntry {
  id!: string;
  companyId!: string;
  category!: AuditCategory;
  action!: string;
  actorId!: string | null;
  subjectId!: string | null;
  clientIp!: string | null;
  details!: Record<string, unknown>;
  at!: Date;
}

export const auditEntryDefinition: EntityDefinition<AuditEntry> = {
  target: AuditEntry,
  table: 'audit_log',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    category: { column: 'category', kind: col.string(20) },
    action: { column: 'action', kind: col.string(60) },
    actorId: { column: 'actor_id', kind: col.string(64), nullable: true },
    subjectId: { column: 'subject_id', kind: col.string(64), nullable: true },
    clientIp: { column: 'client_ip', kind: col.string(45), nullable: true },
    details: { column: 'details', kind: col.json() },
    at: { column: 'at', kind: col.timestamp() },
  },
  indices: [{ name: 'ix_audit_log_company_at', columns: ['companyId', 'at'] }],
};

export const auditEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, auditEntryDefinition)];
