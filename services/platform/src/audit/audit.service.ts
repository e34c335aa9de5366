import type { Principal } from '@fleet/contracts-fleet';
import type { AuditCategory, AuditEntryReply, AuditListReply, ListAuditRequest } from '@fleet/contracts-platform';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Brackets, type DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditEntry } from './audit-entry.entity';

/** Who is acting and from where: the principal's user id and the client address the gateway saw. */
export interface RequestMeta {
  correlationId?: string;
  clientIp?: string;
  /** Who acts (the principal's user id); `system` when platform acts on its own (bootstrap). */
  actorId?: string;
}

export interface AuditRecord {
  companyId: string;
  category: AuditCategory;
  action: string;
  actorId?: string | null;
  subjectId?: string | null;
  clientIp?: string | null;
  details?: Record<string, unknown>;
  at?: Date;
}

const toReply = (e: AuditEntry): AuditEntryReply => ({
  id: e.id,
  category: e.category,
  action: e.action,
  actorId: e.actorId,
  subjectId: e.subjectId,
  clientIp: e.clientIp,
  details: e.details,
  at: e.at.toISOString(),
});

/**
 * The security audit of each company: sign-ins and lockouts (from accounts' events), role grants
 * and revocations, user creation and deactivation (written in the same transaction as the change).
 */
@Injectable()
export class AuditService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    private readonly access: AccessService,
  ) {}

  /** Appends an entry inside the caller's transaction. */
  async record(m: EntityManager, r: AuditRecord): Promise<void> {
    const entry: AuditEntry = {
      id: randomUUID(),
      companyId: r.companyId,
      category: r.category,
      action: r.action,
      actorId: r.actorId ?? null,
      subjectId: r.subjectId ?? null,
      clientIp: r.clientIp ?? null,
      details: r.details ?? {},
      at: r.at ?? new Date(),
    };
    await m.getRepository(AuditEntry).insert(entry as never);
  }

  async list(p: Principal, req: ListAuditRequest): Promise<AuditListReply> {
    await this.access.authorize(p, 'company.users.manage', 'company', req.companyId);
    const q = this.ds.getRepository(AuditEntry).createQueryBuilder('a').where('a.companyId = :companyId', { companyId: req.companyId });
    if (req.category) q.andWhere('a.category = :category', { category: req.category });
    if (req.action) q.andWhere('a.action = :action', { action: req.action });
    if (req.userId) q.andWhere(new Brackets((b) => b.where('a.actorId = :u', { u: req.userId }).orWhere('a.subjectId = :u', { u: req.userId })));
    if (req.from) q.andWhere('a.at >= :from', { from: new Date(req.from) });
    if (req.to) q.andWhere('a.at <= :to', { to: new Date(req.to) });
    const [rows, total] = await q
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'ASC')
      .take(req.limit ?? 100)
      .skip(req.offset ?? 0)
      .getManyAndCount();
    return { items: rows.map(toReply), total };
  }
}
