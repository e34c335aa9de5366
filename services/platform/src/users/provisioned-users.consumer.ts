import { ACCOUNTS_SERVICE, AccountsEvents, COMPANY_REALM, UserCreatedEvent } from '@fleet/contracts-accounts';
import type { EventConsumers, OutboxRelay } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import { EnvironmentUsersService } from '../environment-users/environment-users.service';
import { CompanyUsersService } from './company-users.service';

/**
 * `accounts.user.created` with source `oidc` → the person joins the realm's user pool here: the
 * company realm's pool (no role until an administrator grants one), or the environment's Work Portal
 * users with the `end_user` grant. Accounts created through platform (source `api` or none) already
 * have their rows and are skipped. Failure policy: contract violations are dead-lettered by the
 * consumer runtime, database errors retried (nak with backoff); the inbox and the lookups by e-mail
 * make redelivery a no-op.
 */
@Injectable()
export class ProvisionedUsersConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(KIT.events) private readonly events: EventConsumers,
    @Inject(KIT.outbox) private readonly outbox: OutboxRelay,
    private readonly companyUsers: CompanyUsersService,
    private readonly environmentUsers: EnvironmentUsersService,
    private readonly access: AccessService,
  ) {}

  onApplicationBootstrap(): void {
    this.events.start({
      owner: ACCOUNTS_SERVICE,
      subject: AccountsEvents.userCreated,
      payloadType: UserCreatedEvent,
      handle: async (e, ctx) => {
        if (e.source !== 'oidc') return;
        const person = { userId: e.userId, companyId: e.companyId, email: e.email, displayName: e.displayName ?? e.email };
        const meta = { correlationId: ctx.correlationId };
        if (e.realm === COMPANY_REALM) await this.companyUsers.adoptProvisioned(ctx.manager, person, meta);
        else await this.environmentUsers.adoptProvisioned(ctx.manager, { ...person, environmentId: e.realm.slice('env:'.length) }, meta);
        ctx.afterCommit(() => {
          this.access.forget(e.userId);
          this.outbox.nudge();
        });
      },
    });
  }
}
