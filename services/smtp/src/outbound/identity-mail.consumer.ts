import { ACCOUNTS_SERVICE, AccountsEvents, COMPANY_REALM, OtpIssuedEvent, PasswordResetRequestedEvent } from '@fleet/contracts-accounts';
import { InvitationIssuedEvent, PLATFORM_SERVICE, PlatformEvents } from '@fleet/contracts-platform';
import type { EventConsumers, EventContext } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { NotificationsService, type MailRequest } from './notifications.service';

/** `env:<id>` → the environment id; the company realm → null (installation relay). */
const environmentOfRealm = (realm: string): string | null => (realm === COMPANY_REALM ? null : realm.startsWith('env:') ? realm.slice(4) : null);

/**
 * Identity e-mails from accounts' and platform's durable events. The e-mail row is inserted in the
 * consumer's inbox transaction, so the JetStream message is acknowledged only once the e-mail is
 * durable in smtp's outbox (then the relay's state no longer matters: the dispatcher retries).
 * Failure policy: contract violations are dead-lettered by the consumer runtime; database errors
 * are retried (nak with backoff); the inbox makes a redelivery a no-op. The token or code is in the
 * rendered body only, never logged.
 */
@Injectable()
export class IdentityMailConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(KIT.events) private readonly events: EventConsumers,
    private readonly notifications: NotificationsService,
  ) {}

  private async queue(ctx: EventContext, req: Omit<MailRequest, 'idempotencyKey'>): Promise<void> {
    await this.notifications.insert(ctx.manager, { ...req, idempotencyKey: `event:${ctx.subject}:${ctx.messageId}` });
    ctx.afterCommit(() => this.notifications.nudge());
  }

  onApplicationBootstrap(): void {
    this.events.start({
      owner: PLATFORM_SERVICE,
      subject: PlatformEvents.invitationIssued,
      payloadType: InvitationIssuedEvent,
      handle: (e, ctx) => this.queue(ctx, { companyId: e.companyId, environmentId: null, template: 'invitation', recipient: e.email, data: { token: e.token, expiresAt: e.expiresAt } }),
    });
    this.events.start({
      owner: ACCOUNTS_SERVICE,
      subject: AccountsEvents.passwordResetRequested,
      payloadType: PasswordResetRequestedEvent,
      handle: (e, ctx) => this.queue(ctx, { companyId: null, environmentId: environmentOfRealm(e.realm), template: 'password-reset', recipient: e.email, data: { token: e.token, expiresAt: e.expiresAt } }),
    });
    this.events.start({
      owner: ACCOUNTS_SERVICE,
      subject: AccountsEvents.otpIssued,
      payloadType: OtpIssuedEvent,
      handle: (e, ctx) => this.queue(ctx, { companyId: null, environmentId: environmentOfRealm(e.realm), template: 'one-time-code', recipient: e.email, data: { code: e.code, expiresAt: e.expiresAt } }),
    });
  }
}
