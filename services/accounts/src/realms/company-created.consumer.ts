import { CompanyCreatedEvent, PLATFORM_SERVICE, PlatformEvents } from '@fleet/contracts-platform';
import type { EventConsumers } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { RealmsService } from './realms.service';

/**
 * `platform.company.created` → the company's realm. Failure policy: a payload that breaks the
 * contract is terminated and dead-lettered by the consumer runtime; database errors are transient
 * (nak with backoff). The inbox makes a redelivery a no-op.
 */
@Injectable()
export class CompanyCreatedConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(KIT.events) private readonly events: EventConsumers,
    private readonly realms: RealmsService,
  ) {}

  onApplicationBootstrap(): void {
    this.events.start({
      owner: PLATFORM_SERVICE,
      subject: PlatformEvents.companyCreated,
      payloadType: CompanyCreatedEvent,
      handle: async (event, ctx) => {
        await this.realms.provisionCompanyRealm(ctx.manager, event.companyId, ctx.correlationId);
        ctx.afterCommit(() => this.realms.published());
      },
    });
  }
}
