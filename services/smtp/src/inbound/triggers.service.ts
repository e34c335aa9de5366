import type { Principal } from '@fleet/contracts-fleet';
import { SmtpErrorCodes, type CreateMailTriggerRequest, type MailTriggerReply, type UpdateMailTriggerRequest } from '@fleet/contracts-smtp';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SmtpConfig } from '../config';
import { TriggerRule } from './inbound.entities';

/** E-mail triggers of an environment (the caller's access was checked by the controller). */
@Injectable()
export class TriggersService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.config) private readonly config: SmtpConfig,
  ) {}

  mailboxOf(environmentId: string): string {
    return `env-${environmentId}@${this.config.env.SMTP_INBOUND_DOMAIN}`;
  }

  private toReply(t: TriggerRule): MailTriggerReply {
    return {
      id: t.id,
      environmentId: t.environmentId,
      name: t.name,
      processId: t.processId,
      senderDomains: t.senderDomains,
      conditions: t.conditions,
      match: t.match,
      active: t.active,
      mailbox: this.mailboxOf(t.environmentId),
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
    };
  }

  async create(p: Principal, req: CreateMailTriggerRequest): Promise<MailTriggerReply> {
    const now = new Date();
    const row: TriggerRule = {
      id: randomUUID(),
      environmentId: req.environmentId,
      companyId: p.companyId,
      name: req.name,
      processId: req.processId,
      senderDomains: req.senderDomains.map((d) => d.toLowerCase()),
      conditions: req.conditions.map((c) => ({ field: c.field, operator: c.operator, value: c.value })),
      match: req.match,
      active: req.active ?? true,
      createdAt: now,
      updatedAt: now,
    };
    await this.ds.getRepository(TriggerRule).insert(row);
    return this.toReply(row);
  }

  async list(environmentId: string): Promise<MailTriggerReply[]> {
    const rows = await this.ds.getRepository(TriggerRule).find({ where: { environmentId }, order: { updatedAt: 'DESC' } });
    return rows.map((r) => this.toReply(r));
  }

  /** Changes the fields given; the trigger becomes the most recently changed (it wins ties from now on). */
  async update(req: UpdateMailTriggerRequest): Promise<MailTriggerReply> {
    const repo = this.ds.getRepository(TriggerRule);
    const row = await repo.findOne({ where: { id: req.triggerId, environmentId: req.environmentId } });
    if (!row) throw new FleetError(SmtpErrorCodes.NOT_FOUND, `trigger ${req.triggerId} does not exist`);
    const next: TriggerRule = {
      ...row,
      ...(req.name !== undefined ? { name: req.name } : {}),
      ...(req.processId !== undefined ? { processId: req.processId } : {}),
      ...(req.senderDomains !== undefined ? { senderDomains: req.senderDomains.map((d) => d.toLowerCase()) } : {}),
      ...(req.conditions !== undefined ? { conditions: req.conditions.map((c) => ({ field: c.field, operator: c.operator, value: c.value })) } : {}),
      ...(req.match !== undefined ? { match: req.match } : {}),
      ...(req.active !== undefined ? { active: req.active } : {}),
      updatedAt: new Date(),
    };
    await repo.save(next);
    return this.toReply(next);
  }

  async remove(environmentId: string, triggerId: string): Promise<MailTriggerReply> {
    const repo = this.ds.getRepository(TriggerRule);
    const row = await repo.findOne({ where: { id: triggerId, environmentId } });
    if (!row) throw new FleetError(SmtpErrorCodes.NOT_FOUND, `trigger ${triggerId} does not exist`);
    await repo.delete({ id: triggerId, environmentId });
    return this.toReply(row);
  }

  /** Active triggers of an environment (inbound matching). */
  active(environmentId: string): Promise<TriggerRule[]> {
    return this.ds.getRepository(TriggerRule).find({ where: { environmentId, active: true } });
  }
}
