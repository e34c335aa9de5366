import type { Principal } from '@fleet/contracts-fleet';
import {
  PlatformErrorCodes,
  PlatformEvents,
  type CompanyCreatedEvent,
  type CompanyListReply,
  type CompanyReply,
  type CreateCompanyRequest,
} from '@fleet/contracts-platform';
import { FleetError } from '@fleet/shared-errors';
import { appendToOutbox, type OutboxRelay } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import type { RequestMeta } from '../audit/audit.service';
import { InvitationsService } from '../invitations/invitations.service';
import { Company } from './company.entity';

function toReply(c: Company): CompanyReply {
  return { id: c.id, name: c.name, slug: c.slug, createdAt: c.createdAt.toISOString() };
}

/** Companies: created once, read by id, listed. Creation emits `platform.company.created` through the outbox. */
@Injectable()
export class CompaniesService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.outbox) private readonly outbox: OutboxRelay,
    private readonly access: AccessService,
    private readonly invitations: InvitationsService,
  ) {}

  /** Platform operators create companies. */
  async create(p: Principal, req: CreateCompanyRequest, meta: RequestMeta = {}): Promise<CompanyReply> {
    await this.access.authorize(p, 'company.create', 'installation', '*');
    const company: Company = { id: randomUUID(), name: req.name.trim(), slug: req.slug, createdAt: new Date() };
    await this.ds.transaction(async (m) => {
      const clash = await m
        .getRepository(Company)
        .createQueryBuilder('c')
        .where('c.slug = :slug OR LOWER(c.name) = LOWER(:name)', { slug: company.slug, name: company.name })
        .getOne();
      if (clash) {
        const field = clash.slug === company.slug ? 'slug' : 'name';
        throw new FleetError(PlatformErrorCodes.CONFLICT, `a company with this ${field} exists already`, { field });
      }
      await m.insert(Company, company);
      const event: CompanyCreatedEvent = { companyId: company.id, name: company.name, slug: company.slug, createdAt: company.createdAt.toISOString() };
      await appendToOutbox(m, PlatformEvents.companyCreated, event, { correlationId: meta.correlationId });
      if (req.adminEmail) await this.invitations.issue(m, { companyId: company.id, email: req.adminEmail, role: 'company_admin', resourceId: company.id, createdBy: p.sub }, meta);
    }).catch((err: unknown) => {
      // two concurrent creations of the same slug: the unique index decides
      if (!(err instanceof FleetError) && /unique|duplicate/i.test((err as Error).message)) {
        throw new FleetError(PlatformErrorCodes.CONFLICT, 'a company with this name or slug exists already', { field: 'slug' });
      }
      throw err;
    });
    this.outbox.nudge();
    return toReply(company);
  }

  async get(p: Principal, companyId: string): Promise<CompanyReply> {
    await this.access.authorize(p, 'company.read', 'company', companyId);
    const c = await this.ds.getRepository(Company).findOne({ where: { id: companyId } });
    if (!c) throw new FleetError(PlatformErrorCodes.NOT_FOUND, `company ${companyId} does not exist`);
    return toReply(c);
  }

  /** Platform operators see every company; anyone else at most their own. */
  async list(p: Principal, limit = 50, offset = 0): Promise<CompanyListReply> {
    const operator = (await this.access.check(p, 'company.create', 'installation', '*')).allowed;
    const own = operator ? undefined : (await this.access.check(p, 'company.read', 'company', p.companyId)).allowed ? [p.companyId] : [];
    const where = own ? { id: In(own) } : {};
    const [items, total] = await this.ds.getRepository(Company).findAndCount({ where, order: { createdAt: 'DESC', id: 'ASC' }, take: limit, skip: offset });
    return { items: items.map(toReply), total };
  }
}
