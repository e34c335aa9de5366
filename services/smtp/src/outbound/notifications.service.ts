import type { NotificationAcceptedReply, NotificationTemplate } from '@fleet/contracts-smtp';
import { SmtpErrorCodes } from '@fleet/contracts-smtp';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { SmtpConfig } from '../config';
import { INSTALLATION_SCOPE, MailMessage } from './mail-message.entity';
import { missingKeys, renderTemplate } from './templates';

/** One e-mail to accept into the outbox. */
export interface MailRequest {
  companyId: string | null;
  /** null: an installation e-mail (company-realm identity mail). */
  environmentId: string | null;
  template: NotificationTemplate;
  recipient: string;
  data: Record<string, string>;
  idempotencyKey: string;
}

export const hashToken = (t: string): string => createHash('sha256').update(t).digest('hex');

/**
 * Accepts e-mails into the mail outbox (`mail_messages`): rendered and committed before the caller
 * hears "accepted", then sent by the dispatcher. Idempotent per scope + key.
 */
@Injectable()
export class NotificationsService {
  private nudges: (() => void)[] = [];

  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.config) private readonly config: SmtpConfig,
    @Inject(KIT.logger) private readonly logger: Logger,
  ) {}

  /** The dispatcher registers here to be woken after an e-mail is committed. */
  onAccepted(fn: () => void): void {
    this.nudges.push(fn);
  }

  nudge(): void {
    for (const fn of this.nudges) fn();
  }

  /** Accepts over NATS: its own transaction, duplicates answered with the first row. */
  async accept(req: MailRequest): Promise<NotificationAcceptedReply> {
    const scope = req.environmentId ?? INSTALLATION_SCOPE;
    const repo = this.ds.getRepository(MailMessage);
    const existing = await repo.findOne({ where: { scope, idempotencyKey: req.idempotencyKey } });
    if (existing) return { notificationId: existing.id, status: existing.status, duplicate: true };
    try {
      const row = await this.ds.transaction((m) => this.insert(m, req));
      this.nudge();
      return { notificationId: row.id, status: row.status, duplicate: false };
    } catch (err) {
      const again = await repo.findOne({ where: { scope, idempotencyKey: req.idempotencyKey } });
      if (again) return { notificationId: again.id, status: again.status, duplicate: true };
      throw err;
    }
  }

  /** Renders and inserts one row in the caller's transaction (event consumers use their inbox transaction). */
  async insert(m: EntityManager, req: MailRequest): Promise<MailMessage> {
    const missing = missingKeys(req.template, req.data);
    if (missing.length) {
      throw new FleetError(SmtpErrorCodes.VALIDATION, `template ${req.template} needs data.${missing.join(', data.')}`, { fields: missing.map((k) => ({ path: `data.${k}`, reason: 'is required by the template' })) });
    }
    const tooLong = Object.entries(req.data).find(([, v]) => typeof v !== 'string' || v.length > 10_000);
    if (tooLong) throw new FleetError(SmtpErrorCodes.VALIDATION, `data.${tooLong[0]} must be a string of at most 10000 characters`, { fields: [{ path: `data.${tooLong[0]}`, reason: 'must be a string of at most 10000 characters' }] });
    const id = randomUUID();
    const token = req.template === 'task-assigned' ? req.data.replyToken : undefined;
    const replyTo = token ? `reply+${token}@${this.config.env.SMTP_INBOUND_DOMAIN}` : null;
    const rendered = renderTemplate(req.template, req.data, { publicUrl: this.config.env.SMTP_PUBLIC_URL, ...(replyTo ? { replyAddress: replyTo } : {}) });
    const now = new Date();
    const row: MailMessage = {
      id,
      scope: req.environmentId ?? INSTALLATION_SCOPE,
      companyId: req.companyId,
      environmentId: req.environmentId,
      template: req.template,
      recipient: req.recipient.trim().toLowerCase(),
      subject: rendered.subject,
      bodyText: rendered.text,
      bodyHtml: rendered.html,
      idempotencyKey: req.idempotencyKey,
      messageId: `<${id}@fleet>`,
      replyTokenHash: token ? hashToken(token) : null,
      replyTo,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: null,
      lastError: null,
      lastCode: null,
      createdAt: now,
      updatedAt: now,
      sentAt: null,
    };
    await m.insert(MailMessage, row);
    this.logger.info({ notificationId: id, template: req.template, environmentId: req.environmentId ?? undefined }, 'e-mail accepted');
    return row;
  }
}
