import type { ListMailDeliveriesRequest, MailDeliveryReply } from '@fleet/contracts-smtp';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { MailMessage } from './mail-message.entity';

function toReply(m: MailMessage): MailDeliveryReply {
  return {
    id: m.id,
    template: m.template,
    recipient: m.recipient,
    subject: m.subject,
    status: m.status,
    attempts: m.attempts,
    messageId: m.messageId,
    ...(m.lastError ? { lastError: m.lastError } : {}),
    ...(m.lastCode !== null ? { lastCode: m.lastCode } : {}),
    ...(m.status === 'pending' ? { nextAttemptAt: m.nextAttemptAt.toISOString() } : {}),
    createdAt: m.createdAt.toISOString(),
    ...(m.sentAt ? { sentAt: m.sentAt.toISOString() } : {}),
  };
}

/** The delivery log of an environment (never bodies or template data). */
@Injectable()
export class DeliveriesService {
  constructor(@Inject(KIT.dataSource) private readonly ds: DataSource) {}

  async list(req: ListMailDeliveriesRequest): Promise<MailDeliveryReply[]> {
    const rows = await this.ds.getRepository(MailMessage).find({
      where: { scope: req.environmentId, ...(req.status ? { status: req.status } : {}) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: req.limit ?? 100,
      skip: req.offset ?? 0,
    });
    return rows.map(toReply);
  }
}
