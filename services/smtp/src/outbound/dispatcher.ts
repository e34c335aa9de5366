import type { ServiceMetrics } from '@fleet/shared-health';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { Counter, Gauge } from 'prom-client';
import { In, LessThan, LessThanOrEqual, type DataSource } from 'typeorm';
import type { SmtpConfig } from '../config';
import { RelaysService } from '../relays/relays.service';
import { MailMessage } from './mail-message.entity';
import { NotificationsService } from './notifications.service';
import { classifySendError, retryDelayMs, transportOptions, type RelayTarget } from './relay-transport';

const BATCH = 8;

/**
 * Sends the mail outbox. Each tick claims due rows with a conditional update (`pending` →
 * `sending` with a lease, or a `sending` row whose lease expired: its process died mid-send), sends
 * each through its relay and records the outcome: `sent`, `failed` (5xx, or attempts exhausted),
 * `skipped` (e-mail disabled), or `pending` again after a backoff. Final rows lose their bodies.
 */
@Injectable()
export class MailDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private stopped = false;
  private readonly transports = new Map<string, Transporter>();
  private readonly attempts: Counter<'outcome'>;
  private readonly backlog: Gauge;

  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.config) private readonly config: SmtpConfig,
    @Inject(KIT.logger) private readonly logger: Logger,
    private readonly relays: RelaysService,
    notifications: NotificationsService,
    @Inject(KIT.metrics) metrics: ServiceMetrics,
  ) {
    notifications.onAccepted(() => this.nudge());
    this.attempts = new Counter({ name: 'fleet_mail_attempts_total', help: 'SMTP delivery attempts by outcome (sent, failed, retry, skipped, waiting)', labelNames: ['outcome'], registers: [metrics.registry] });
    this.backlog = new Gauge({ name: 'fleet_mail_backlog', help: 'e-mails not yet sent (pending or sending)', registers: [metrics.registry] });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const deadline = Date.now() + 5000;
    while (this.running && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    let delay = this.config.env.SMTP_DISPATCH_INTERVAL_MS;
    try {
      const claimed = await this.claim();
      await Promise.all(claimed.map((row) => this.deliver(row)));
      this.backlog.set(await this.ds.getRepository(MailMessage).count({ where: [{ status: 'pending' }, { status: 'sending' }] }));
      if (claimed.length === BATCH || this.again) delay = 0;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'mail dispatcher: tick failed; e-mails stay queued');
    } finally {
      this.again = false;
      this.running = false;
      this.schedule(delay);
    }
  }

  /** Claims up to BATCH due rows for this process (a conditional update per row: one claimer wins). */
  async claim(): Promise<MailMessage[]> {
    const repo = this.ds.getRepository(MailMessage);
    const now = new Date();
    const due = await repo.find({
      select: { id: true },
      where: [
        { status: 'pending', nextAttemptAt: LessThanOrEqual(now) },
        { status: 'sending', leaseUntil: LessThan(now) },
      ],
      order: { nextAttemptAt: 'ASC' },
      take: BATCH,
    });
    const claimed: string[] = [];
    for (const { id } of due) {
      const lease = new Date(Date.now() + this.config.env.SMTP_LEASE_MS);
      const won = await repo
        .createQueryBuilder()
        .update(MailMessage)
        .set({ status: 'sending', leaseUntil: lease, attempts: () => 'attempts + 1', updatedAt: new Date() })
        .where('id = :id', { id })
        .andWhere('((status = :pending AND next_attempt_at <= :now) OR (status = :sending AND lease_until < :now))', { pending: 'pending', sending: 'sending', now })
        .execute();
      if (won.affected) claimed.push(id);
    }
    return claimed.length ? repo.find({ where: { id: In(claimed) } }) : [];
  }

  private async deliver(row: MailMessage): Promise<void> {
    const choice = await this.relays.choose(row.environmentId);
    if (choice.kind === 'skip') return this.finish(row, { status: 'skipped', lastError: choice.reason });
    if (choice.kind === 'wait') return this.retry(row, { permanent: false, message: choice.reason }, false);
    if (!row.bodyText) return this.finish(row, { status: 'failed', lastError: 'the body was lost (already erased)' });
    try {
      await this.transportFor(choice.target).sendMail({
        from: choice.target.from,
        to: row.recipient,
        subject: row.subject,
        text: row.bodyText,
        html: row.bodyHtml ?? undefined,
        messageId: row.messageId,
        ...(row.replyTo ? { replyTo: row.replyTo } : {}),
        headers: { 'X-Fleet-Notification': row.id },
        ...(this.config.env.SMTP_BOUNCE_ADDRESSES ? { envelope: { from: `bounce+${row.id}@${this.config.env.SMTP_INBOUND_DOMAIN}`, to: row.recipient } } : {}),
      });
    } catch (err) {
      const failure = classifySendError(err);
      if (failure.permanent) {
        this.logger.warn({ notificationId: row.id, code: failure.code }, 'e-mail refused permanently');
        return this.finish(row, { status: 'failed', lastError: failure.message, lastCode: failure.code ?? null });
      }
      return this.retry(row, failure, true);
    }
    this.logger.info({ notificationId: row.id, attempts: row.attempts }, 'e-mail sent');
    return this.finish(row, { status: 'sent', sentAt: new Date(), lastError: null });
  }

  private async finish(row: MailMessage, change: Partial<MailMessage>): Promise<void> {
    this.attempts.inc({ outcome: change.status ?? 'sent' });
    await this.ds.getRepository(MailMessage).update({ id: row.id, status: 'sending' }, { ...change, leaseUntil: null, bodyText: null, bodyHtml: null, replyTo: null, updatedAt: new Date() });
  }

  /** Back to pending after a backoff; `counts: false` (no relay yet) does not use up an attempt. */
  private async retry(row: MailMessage, failure: { permanent: boolean; code?: number; message: string }, counts: boolean): Promise<void> {
    const env = this.config.env;
    const attempts = counts ? row.attempts : Math.max(0, row.attempts - 1);
    this.attempts.inc({ outcome: counts ? 'retry' : 'waiting' });
    if (attempts >= env.SMTP_MAX_ATTEMPTS) {
      this.logger.warn({ notificationId: row.id, attempts }, 'e-mail failed: attempts exhausted');
      return this.finish(row, { status: 'failed', attempts, lastError: `attempts exhausted; last: ${failure.message}`.slice(0, 500), lastCode: failure.code ?? null });
    }
    const delay = retryDelayMs(Math.max(1, attempts), env.SMTP_RETRY_BASE_MS, env.SMTP_RETRY_MAX_MS);
    this.logger.info({ notificationId: row.id, attempts, retryInMs: delay, code: failure.code }, 'e-mail not sent yet; will retry');
    await this.ds
      .getRepository(MailMessage)
      .update({ id: row.id, status: 'sending' }, { status: 'pending', attempts, leaseUntil: null, nextAttemptAt: new Date(Date.now() + delay), lastError: failure.message.slice(0, 500), lastCode: failure.code ?? null, updatedAt: new Date() });
  }

  private transportFor(t: RelayTarget): Transporter {
    const options = transportOptions(t, this.config.env.SMTP_SEND_TIMEOUT_MS);
    const key = JSON.stringify(options);
    let tr = this.transports.get(key);
    if (!tr) {
      tr = createTransport(options);
      this.transports.set(key, tr);
    }
    return tr;
  }
}
