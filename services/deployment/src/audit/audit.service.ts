import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DeploymentAuditEntry } from './deployment-audit.entity';

/** Appends deployment audit entries inside the caller's transaction. */
@Injectable()
export class DeploymentAudit {
  async record(m: EntityManager, e: { companyId: string; action: string; actorId: string; subjectId?: string | null; details?: Record<string, unknown> }): Promise<void> {
    const entry: DeploymentAuditEntry = { id: randomUUID(), companyId: e.companyId, action: e.action, actorId: e.actorId, subjectId: e.subjectId ?? null, details: e.details ?? {}, at: new Date() };
    await m.getRepository(DeploymentAuditEntry).insert(entry as never);
  }
}
