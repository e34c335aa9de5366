import { FleetErrorCodes } from '@fleet/contracts-fleet';
import { WorkPortalSubjects, type CompleteTaskByMailReply, type CompleteTaskByMailRequest, type StartCaseReply, type StartCaseRequest } from '@fleet/contracts-work-portal';
import type { ServiceIdentity } from '@fleet/shared-auth';
import { FleetError } from '@fleet/shared-errors';
import type { RpcClient } from '@fleet/shared-nats';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { SmtpConfig } from '../config';
import { MailMessage } from '../outbound/mail-message.entity';
import { hashToken } from '../outbound/notifications.service';
import { InboundMail } from './inbound.entities';
import { chooseTrigger, parseInboundAddress, parseReply, type InboundAddress } from './mail-rules';
import { TriggersService } from './triggers.service';

/** An SMTP answer to give the sending server: 250 (accepted), 451 (try later), 550 (refused). */
export class SmtpReply extends Error {
  constructor(
    readonly responseCode: 451 | 550 | 452,
    message: string,
  ) {
    super(message);
  }
}

/** An inbound message as the listener hands it over (already parsed). */
export interface InboundMessage {
  envelopeFrom: string;
  recipient: string;
  headerFrom: string;
  subject: string;
  text: string;
  messageId: string;
}

const transient = (err: unknown) => err instanceof FleetError && (err.code === FleetErrorCodes.UNAVAILABLE || err.code === FleetErrorCodes.TIMEOUT);

/**
 * What inbound mail does: task replies complete tasks (only from the assignee, only with a token
 * smtp sent), trigger mail starts at most one case. Every outcome is written to `inbound_mails`.
 * work-portal not answering → 451, so the sending server retries and nothing is lost.
 */
@Injectable()
export class InboundMailService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.config) private readonly config: SmtpConfig,
    @Inject(KIT.logger) private readonly logger: Logger,
    @Inject(KIT.rpc) private readonly rpc: RpcClient,
    @Inject(KIT.serviceIdentity) private readonly identity: ServiceIdentity,
    private readonly triggers: TriggersService,
  ) {}

  address(recipient: string): InboundAddress {
    return parseInboundAddress(recipient, this.config.env.SMTP_INBOUND_DOMAIN);
  }

  /** RCPT TO check: refuses (550) addresses that are not ours, unknown tokens, and senders that are not the assignee. */
  async checkRecipient(envelopeFrom: string, recipient: string): Promise<void> {
    const a = this.address(recipient);
    const refuse = async (reason: string, environmentId: string | null = null) => {
      await this.record({ environmentId, messageId: '', sender: envelopeFrom, recipient: a.kind === 'reply' ? 'reply+<token>' : recipient, subject: '', outcome: 'rejected', detail: reason });
      throw new SmtpReply(550, '5.1.1 mailbox unavailable');
    };
    if (a.kind === 'unknown') return refuse('not a mailbox of this service');
    if (a.kind === 'bounce') {
      if (!(await this.ds.getRepository(MailMessage).findOne({ where: { id: a.notificationId } }))) await refuse('bounce for an unknown e-mail');
      return;
    }
    if (a.kind === 'trigger') {
      if (!(await this.triggers.active(a.environmentId)).length) await refuse('the environment has no active e-mail trigger', a.environmentId);
      return;
    }
    const sent = await this.taskMail(a.token);
    if (!sent) return refuse('unknown reply token');
    if (sent.recipient !== envelopeFrom.trim().toLowerCase()) return refuse('the sender is not the task assignee', sent.environmentId);
  }

  private taskMail(token: string): Promise<MailMessage | null> {
    return this.ds.getRepository(MailMessage).findOne({ where: { replyTokenHash: hashToken(token), template: 'task-assigned' } });
  }

  /** DATA: acts on one accepted recipient. Throws SmtpReply to refuse or defer. */
  async deliver(m: InboundMessage): Promise<void> {
    const a = this.address(m.recipient);
    if (a.kind === 'reply') return this.completeTask(a.token, m);
    if (a.kind === 'trigger') return this.runTrigger(a.environmentId, m);
    if (a.kind === 'bounce') return this.recordBounce(a.notificationId, m);
    throw new SmtpReply(550, '5.1.1 mailbox unavailable');
  }

  private async completeTask(token: string, m: InboundMessage): Promise<void> {
    const sent = await this.taskMail(token);
    const sender = m.envelopeFrom.trim().toLowerCase();
    const base = { environmentId: sent?.environmentId ?? null, messageId: m.messageId, sender, recipient: 'reply+<token>', subject: m.subject };
    const reject = async (detail: string) => {
      await this.record({ ...base, outcome: 'rejected', detail });
      throw new SmtpReply(550, '5.7.1 reply refused');
    };
    if (!sent) return reject('unknown reply token');
    if (sent.recipient !== sender || m.headerFrom.trim().toLowerCase() !== sender) return reject('the sender is not the task assignee');
    const parsed = parseReply(m.text);
    if (!parsed) return reject('the reply has no decision');
    const req: CompleteTaskByMailRequest = { token, sender, decision: parsed.decision, comment: parsed.comment, messageId: m.messageId };
    try {
      const reply = await this.identity.request<CompleteTaskByMailReply>(this.rpc, WorkPortalSubjects.taskCompleteByMail, req);
      await this.record({ ...base, outcome: 'task-completed', detail: `task ${reply.taskId} of case ${reply.caseId}: ${parsed.decision}`.slice(0, 500) });
    } catch (err) {
      if (transient(err)) throw new SmtpReply(451, '4.3.0 try again later');
      if (err instanceof FleetError) return reject(`work-portal refused: ${err.code} ${err.message}`.slice(0, 500));
      throw err;
    }
  }

  private async runTrigger(environmentId: string, m: InboundMessage): Promise<void> {
    const sender = (m.headerFrom || m.envelopeFrom).trim().toLowerCase();
    const base = { environmentId, messageId: m.messageId, sender, recipient: m.recipient, subject: m.subject };
    const trigger = chooseTrigger(await this.triggers.active(environmentId), { from: sender, subject: m.subject, body: m.text });
    if (!trigger) {
      await this.record({ ...base, outcome: 'no-trigger', detail: 'no trigger matched' });
      return;
    }
    const req: StartCaseRequest = {
      environmentId,
      processId: trigger.processId,
      idempotencyKey: `mail:${environmentId}:${m.messageId}`,
      triggerId: trigger.id,
      mail: { from: sender, subject: m.subject.slice(0, 998), body: m.text.slice(0, 100000), messageId: m.messageId.slice(0, 998) },
    };
    try {
      const reply = await this.identity.request<StartCaseReply>(this.rpc, WorkPortalSubjects.caseStart, req);
      await this.record({ ...base, outcome: 'case-started', detail: `trigger ${trigger.id} (${trigger.name}) started case ${reply.caseId}`.slice(0, 500) });
    } catch (err) {
      if (transient(err)) throw new SmtpReply(451, '4.3.0 try again later');
      if (err instanceof FleetError) {
        await this.record({ ...base, outcome: 'rejected', detail: `work-portal refused: ${err.code} ${err.message}`.slice(0, 500) });
        throw new SmtpReply(550, '5.7.1 refused');
      }
      throw err;
    }
  }

  /**
   * A delivery-failure report for an e-mail the relay had accepted: the e-mail becomes `failed` with
   * the report's first lines (an e-mail still retrying is left alone: its next attempt decides).
   */
  private async recordBounce(notificationId: string, m: InboundMessage): Promise<void> {
    const repo = this.ds.getRepository(MailMessage);
    const row = await repo.findOne({ where: { id: notificationId } });
    const summary = `bounced: ${m.subject} ${m.text}`.replace(/\s+/g, ' ').slice(0, 500);
    const marked = row ? await repo.update({ id: notificationId, status: 'sent' }, { status: 'failed', lastError: summary, updatedAt: new Date() }) : undefined;
    await this.record({ environmentId: row?.environmentId ?? null, messageId: m.messageId, sender: m.envelopeFrom || m.headerFrom || '<>', recipient: m.recipient, subject: m.subject, outcome: 'bounce-recorded', detail: `${marked?.affected ? 'marked failed' : 'not a sent e-mail'}: notification ${notificationId}` });
  }

  private async record(r: Omit<InboundMail, 'id' | 'createdAt'>): Promise<void> {
    const row: InboundMail = { ...r, id: randomUUID(), messageId: r.messageId.slice(0, 998), sender: r.sender.slice(0, 254), recipient: r.recipient.slice(0, 254), subject: r.subject.slice(0, 300), detail: r.detail.slice(0, 500), createdAt: new Date() };
    await this.ds.getRepository(InboundMail).insert(row);
    this.logger.info({ inboundId: row.id, environmentId: row.environmentId ?? undefined, outcome: row.outcome, detail: row.detail }, 'inbound e-mail');
  }
}
