import { DEPLOYMENT_SERVICE, DeploymentEvents, MaintenanceChangedEvent } from '@fleet/contracts-deployment';
import type { EventConsumers } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobsService } from './jobs.service';

/**
 * `deployment.maintenance.changed` → an environment in maintenance (or restarting) has its jobs
 * paused; back to active, they resume. Pausing is a state, so a redelivered event changes nothing.
 * Failure policy: a payload that breaks the contract is dead-lettered; a database error is retried.
 * Known limit: an administrator's own pause of the environment is lifted when a window closes.
 */
@Injectable()
export class MaintenanceConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(KIT.events) private readonly events: EventConsumers,
    private readonly jobs: JobsService,
  ) {}

  onApplicationBootstrap(): void {
    this.events.start({
      owner: DEPLOYMENT_SERVICE,
      subject: DeploymentEvents.maintenanceChanged,
      payloadType: MaintenanceChangedEvent,
      handle: async (e) => {
        await this.jobs.pauseEnvironment(e.companyId, e.environmentId, e.state !== 'active');
      },
    });
  }
}
