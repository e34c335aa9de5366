import {
  ConnectorSubjects,
  DeleteParameterRequest,
  EnvironmentRequest,
  SetParameterRequest,
  UpdateOutboundPolicyRequest,
  type DeletedReply,
  type OutboundPolicyReply,
  type ParameterListReply,
  type ParameterReply,
} from '@fleet/contracts-connector';
import type { Principal } from '@fleet/contracts-fleet';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { ConnectorAccess } from '../access/connector-access';
import { ParametersService } from './parameters.service';

@Controller()
export class ParametersNatsController {
  constructor(
    private readonly parameters: ParametersService,
    private readonly access: ConnectorAccess,
  ) {}

  @MessagePattern(ConnectorSubjects.parameterList)
  async list(@Payload() req: EnvironmentRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<ParameterListReply> {
    await this.access.require(ctx, 'environment.read', req.environmentId);
    return this.parameters.list(req.environmentId);
  }

  @MessagePattern(ConnectorSubjects.parameterSet)
  async set(@Payload() req: SetParameterRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<ParameterReply> {
    await this.access.require(ctx, 'environment.manage', req.environmentId);
    return this.parameters.set(req);
  }

  @MessagePattern(ConnectorSubjects.parameterDelete)
  async delete(@Payload() req: DeleteParameterRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<DeletedReply> {
    await this.access.require(ctx, 'environment.manage', req.environmentId);
    return this.parameters.delete(req.environmentId, req.name);
  }

  @MessagePattern(ConnectorSubjects.policyGet)
  async policy(@Payload() req: EnvironmentRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<OutboundPolicyReply> {
    await this.access.require(ctx, 'environment.read', req.environmentId);
    return this.parameters.policy(req.environmentId);
  }

  @MessagePattern(ConnectorSubjects.policyUpdate)
  async updatePolicy(@Payload() req: UpdateOutboundPolicyRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<OutboundPolicyReply> {
    await this.access.require(ctx, 'environment.manage', req.environmentId);
    return this.parameters.updatePolicy(req);
  }
}
