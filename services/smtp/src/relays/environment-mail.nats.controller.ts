import type { Principal } from '@fleet/contracts-fleet';
import {
  CreateTriggerRequest,
  DeleteTriggerRequest,
  GetRelayRequest,
  ListDeliveriesRequest,
  ListTriggersRequest,
  SetRelayRequest,
  SmtpSubjects,
  type DeliveryListReply,
  type RelayReply,
  type TriggerListReply,
  type TriggerReply,
} from '@fleet/contracts-smtp';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { EnvironmentAccess } from '../access/environment-access';
import { TriggersService } from '../inbound/triggers.service';
import { DeliveriesService } from '../outbound/deliveries.service';
import { RelaysService } from './relays.service';

/** An environment's e-mail settings: relay, delivery log, triggers. platform decides who may (`environment.read` / `.manage`). */
@Controller()
export class EnvironmentMailNatsController {
  constructor(
    private readonly access: EnvironmentAccess,
    private readonly relays: RelaysService,
    private readonly deliveries: DeliveriesService,
    private readonly triggers: TriggersService,
  ) {}

  @MessagePattern(SmtpSubjects.relayGet)
  async getRelay(@Payload() req: GetRelayRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<RelayReply> {
    await this.access.require(ctx, p, 'environment.read', req.environmentId);
    return this.relays.get(req.environmentId);
  }

  @MessagePattern(SmtpSubjects.relaySet)
  async setRelay(@Payload() req: SetRelayRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<RelayReply> {
    await this.access.require(ctx, p, 'environment.manage', req.environmentId);
    return this.relays.set(p, req);
  }

  @MessagePattern(SmtpSubjects.deliveryList)
  async listDeliveries(@Payload() req: ListDeliveriesRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<DeliveryListReply> {
    await this.access.require(ctx, p, 'environment.read', req.environmentId);
    return { items: await this.deliveries.list(req) };
  }

  @MessagePattern(SmtpSubjects.triggerList)
  async listTriggers(@Payload() req: ListTriggersRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<TriggerListReply> {
    await this.access.require(ctx, p, 'environment.read', req.environmentId);
    return { items: await this.triggers.list(req.environmentId) };
  }

  @MessagePattern(SmtpSubjects.triggerCreate)
  async createTrigger(@Payload() req: CreateTriggerRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<TriggerReply> {
    await this.access.require(ctx, p, 'environment.manage', req.environmentId);
    return this.triggers.create(p, req);
  }

  @MessagePattern(SmtpSubjects.triggerDelete)
  async deleteTrigger(@Payload() req: DeleteTriggerRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<TriggerReply> {
    await this.access.require(ctx, p, 'environment.manage', req.environmentId);
    return this.triggers.remove(req.environmentId, req.triggerId);
  }
}
