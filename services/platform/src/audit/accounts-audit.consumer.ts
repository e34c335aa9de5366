import {
  ACCOUNTS_SERVICE,
  AccountsEvents,
  LoginFailedEvent,
  LoginSucceededEvent,
  ServiceAccountChangedEvent,
  SessionRevokedEvent,
  UserLockedEvent,
} from '@fleet/contracts-accounts';
import type { EventConsumers } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from './audit.service';

/**
 * accounts' security events → the company's audit log. Failure policy: contract violations are
 * dead-lettered by the consumer runtime; database errors are retried (nak with backoff); the inbox
 * makes redelivery a no-op. Events with no company (sign-in attempts for unknown e-mails) have no
 * company audit to go to and are acknowledged without an entry.
 */
@Injectable()
export class AccountsAuditConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(KIT.events) private readonly events: EventConsumers,
    private readonly audit: AuditService,
  ) {}

  onApplicationBootstrap(): void {
    this.events.start({
      owner: ACCOUNTS_SERVICE,
      subject: AccountsEvents.loginSucceeded,
      payloadType: LoginSucceededEvent,
      handle: (e, ctx) =>
        this.audit.record(ctx.manager, { companyId: e.companyId, category: 'authentication', action: 'login.succeeded', actorId: e.userId, subjectId: e.userId, clientIp: e.clientIp, details: { realm: e.realm, sessionId: e.sessionId }, at: new Date(e.at) }),
    });
    this.events.start({
      owner: ACCOUNTS_SERVICE,
      subject: AccountsEvents.loginFailed,
      payloadType: LoginFailedEvent,
      handle: async (e, ctx) => {
        if (!e.companyId) return;
        await this.audit.record(ctx.manager, { companyId: e.companyId, category: 'authentication', action: 'login.failed', subjectId: e.userId, clientIp: e.clientIp, details: { realm: e.realm, email: e.email, reason: e.reason } });
      },
    });
    this.events.start({
      owner: ACCOUNTS_SERVICE,
      subject: AccountsEvents.userLocked,
      payloadType: UserLockedEvent,
      handle: async (e, ctx) => {
        if (!e.companyId) return;
        await this.audit.record(ctx.manager, { companyId: e.companyId, category: 'authentication', action: 'user.locked', subjectId: e.userId, clientIp: e.clientIp, details: { realm: e.realm, email: e.email, scope: e.scope, lockedUntil: e.lockedUntil }, at: new Date(e.at) });
      },
    });
    this.events.start({
      owner: ACCOUNTS_SERVICE,
      subject: AccountsEvents.sessionRevoked,
      payloadType: SessionRevokedEvent,
      handle: (e, ctx) =>
        this.audit.record(ctx.manager, { companyId: e.companyId, category: 'authentication', action: 'session.revoked', subjectId: e.userId, details: { realm: e.realm, sessionId: e.sessionId, reason: e.reason }, at: new Date(e.at) }),
    });
    this.events.start({
      owner: ACCOUNTS_SERVICE,
      subject: AccountsEvents.serviceAccountChanged,
      payloadType: ServiceAccountChangedEvent,
      handle: (e, ctx) =>
        this.audit.record(ctx.manager, {
          companyId: e.companyId,
          category: 'service-accounts',
          action: `service-account.${e.change}`,
          actorId: e.actorId ?? e.serviceAccountId,
          subjectId: e.serviceAccountId,
          clientIp: e.clientIp,
          details: { name: e.name, ...(e.reason ? { reason: e.reason } : {}) },
          at: new Date(e.at),
        }),
    });
  }
}
