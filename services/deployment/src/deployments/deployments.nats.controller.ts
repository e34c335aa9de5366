import {
  ApplyAcknowledgeRequest,
  ApplyPackageRequest,
  DeploymentErrorCodes,
  DeploymentSubjects,
  GetDeploymentRequest,
  ListDeploymentsRequest,
  type ApplyAcknowledgeReply,
  type DeploymentListReply,
  type DeploymentReply,
} from '@fleet/contracts-deployment';
import type { Principal } from '@fleet/contracts-fleet';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { FleetError } from '@fleet/shared-errors';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { callerOf } from '../nats-context';
import { PlatformClient } from '../platform/platform.client';
import { DeploymentsService } from './deployments.service';

@Controller()
export class DeploymentsNatsController {
  constructor(
    private readonly deployments: DeploymentsService,
    private readonly platform: PlatformClient,
  ) {}

  @MessagePattern(DeploymentSubjects.deploymentApply)
  async apply(@Payload() req: ApplyPackageRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<DeploymentReply> {
    const c = callerOf(ctx);
    const env = await this.platform.environment(c, req.environmentId);
    await this.platform.require(c, 'project.deploy', 'environment', env.id);
    const mayOverride = req.overridePromotion ? await this.platform.allowed(c, 'company.manage', 'company', env.companyId) : false;
    return this.deployments.apply(env, req, { actorId: p.sub, mayOverride, correlationId: c.correlationId });
  }

  @MessagePattern(DeploymentSubjects.deploymentList)
  async list(@Payload() req: ListDeploymentsRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<DeploymentListReply> {
    await this.platform.require(callerOf(ctx), 'environment.read', 'environment', req.environmentId);
    return this.deployments.list(req.environmentId, req.limit, req.offset);
  }

  @MessagePattern(DeploymentSubjects.deploymentGet)
  async get(@Payload() req: GetDeploymentRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<DeploymentReply> {
    await this.platform.require(callerOf(ctx), 'environment.read', 'environment', req.environmentId);
    return this.deployments.get(req.environmentId, req.deploymentId);
  }

  /** Internal: a runtime service reports its outcome, as itself (`svc:<service>`), for itself only. */
  @MessagePattern(DeploymentSubjects.applyAcknowledge)
  async acknowledge(@Payload() req: ApplyAcknowledgeRequest, @CurrentPrincipal('fleet') p: Principal): Promise<ApplyAcknowledgeReply> {
    if (p.kind !== 'service' || p.sub !== `svc:${req.service}`) throw new FleetError(DeploymentErrorCodes.UNAUTHORIZED, 'a service acknowledges for itself only');
    return { status: await this.deployments.acknowledge(req) };
  }
}
