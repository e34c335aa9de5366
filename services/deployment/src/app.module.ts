import { Module } from '@nestjs/common';
import { DeploymentAudit } from './audit/audit.service';
import { DeploymentsNatsController } from './deployments/deployments.nats.controller';
import { DeploymentsService } from './deployments/deployments.service';
import { KeysNatsController } from './keys/keys.nats.controller';
import { SigningService } from './keys/signing.service';
import { TrustedKeysService } from './keys/trusted-keys.service';
import { MaintenanceNatsController } from './maintenance/maintenance.nats.controller';
import { MaintenanceService } from './maintenance/maintenance.service';
import { PackagesNatsController } from './packages/packages.nats.controller';
import { PackagesService } from './packages/packages.service';
import { PlatformClient } from './platform/platform.client';

/** Root module of deployment: signed packages, trust, two-phase applies with promotion order, maintenance windows. */
@Module({
  controllers: [PackagesNatsController, DeploymentsNatsController, MaintenanceNatsController, KeysNatsController],
  providers: [PlatformClient, SigningService, TrustedKeysService, PackagesService, DeploymentsService, MaintenanceService, DeploymentAudit],
})
export class DeploymentModule {}
