import {
  AnnounceMaintenanceRequest,
  DeploymentErrorCodes,
  DeploymentSubjects,
  MaintenanceListRequest,
  MaintenanceRequest,
  OpenMaintenanceRequest,
  type MaintenanceListReply,
  type MaintenanceReply,
} from '@fleet/contracts-deployment';
import type { Principal } from '@fleet/contracts-fleet';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { FleetError } from '@fleet/shared-errors';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { callerOf, type CallerContext } from '../nats-context';
import { PlatformClient } from '../platform/platform.client';
import { MaintenanceService, type EnvironmentRef } from './maintenance.service';

@Controller()
export class MaintenanceNatsController {
  constructor(
    private readonly maintenance: MaintenanceService,
    private readonly platform: PlatformClient,
  ) {}

  /** Administrators (`environment.read`) and the environment's own Work Portal users (for the banner). */
  @MessagePattern(DeploymentSubjects.maintenanceGet)
  async get(@Payload() req: MaintenanceRequest, @CurrentPrincipal() p: Principal, @Ctx() ctx: NatsContext): Promise<MaintenanceReply> {
    if (p.realm.startsWith('env:')) {
      if (p.environmentId !== req.environmentId) throw new FleetError(DeploymentErrorCodes.NOT_FOUND, `environment ${req.environmentId} not found`);
      return this.maintenance.get({ environmentId: req.environmentId, companyId: p.companyId });
    }
    return this.maintenance.get(await this.manageable(callerOf(ctx), req.environmentId, 'environment.read'));
  }

  @MessagePattern(DeploymentSubjects.maintenanceOpen)
  async open(@Payload() req: OpenMaintenanceRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<MaintenanceReply> {
    const c = callerOf(ctx);
    return this.maintenance.open(await this.manageable(c, req.environmentId, 'environment.manage'), req.message, p.sub, c.correlationId);
  }

  @MessagePattern(DeploymentSubjects.maintenanceClose)
  async close(@Payload() req: MaintenanceRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<MaintenanceReply> {
    const c = callerOf(ctx);
    return this.maintenance.close(await this.manageable(c, req.environmentId, 'environment.manage'), p.sub, c.correlationId);
  }

  @MessagePattern(DeploymentSubjects.maintenanceAnnounce)
  async announce(@Payload() req: AnnounceMaintenanceRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<MaintenanceReply> {
    return this.maintenance.announce(await this.manageable(callerOf(ctx), req.environmentId, 'environment.manage'), req, p.sub);
  }

  /** Internal: the gateway's gate loads every closed environment (at start and periodically). */
  @MessagePattern(DeploymentSubjects.maintenanceList)
  async list(@Payload() _req: MaintenanceListRequest, @CurrentPrincipal('fleet') p: Principal): Promise<MaintenanceListReply> {
    if (p.kind !== 'service' || p.sub !== 'svc:gateway') throw new FleetError(DeploymentErrorCodes.UNAUTHORIZED, 'only the gateway lists maintenance windows');
    return this.maintenance.list();
  }

  private async manageable(c: CallerContext, environmentId: string, action: 'environment.read' | 'environment.manage'): Promise<EnvironmentRef> {
    const env = await this.platform.environment(c, environmentId);
    await this.platform.require(c, action, 'environment', environmentId);
    return { environmentId: env.id, companyId: env.companyId };
  }
}
