import type { Principal } from '@fleet/contracts-fleet';
import {
  CreateMailTriggerRequest,
  DeleteMailTriggerRequest,
  GetMailRelayRequest,
  ListMailDeliveriesRequest,
  ListMailTriggersRequest,
  SetMailRelayRequest,
  SmtpSubjects,
  UpdateMailTriggerRequest,
  type MailDeliveryListReply,
  type MailRelayReply,
  type MailTriggerListReply,
  type MailTriggerReply,
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
  async getRelay(@Payload() req: GetMailRelayRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<MailRelayReply> {
    await this.access.require(ctx, p, 'environment.read', req.environmentId);
    return this.relays.get(req.environmentId);
  }

  @MessagePattern(SmtpSubjects.relaySet)
  async setRelay(@Payload() req: SetMailRelayRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<MailRelayReply> {
    await this.access.require(ctx, p, 'environment.manage', req.environmentId);
    return this.relays.set(p, req);
  }

  @MessagePattern(SmtpSubjects.deliveryList)
  async listDeliveries(@Payload() req: ListMailDeliveriesRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<MailDeliveryListReply> {
    await this.access.require(ctx, p, 'environment.read', req.environmentId);
    return { items: await this.deliveries.list(req) };
  }

  @MessagePattern(SmtpSubjects.triggerList)
  async listTriggers(@Payload() req: ListMailTriggersRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<MailTriggerListReply> {
    await this.access.require(ctx, p, 'environment.read', req.environmentId);
    return { items: await this.triggers.list(req.environmentId) };
  }

  @MessagePattern(SmtpSubjects.triggerCreate)
  async createTrigger(@Payload() req: CreateMailTriggerRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<MailTriggerReply> {
    await this.access.require(ctx, p, 'environment.manage', req.environmentId);
    return this.triggers.create(p, req);
  }

  @MessagePattern(SmtpSubjects.triggerUpdate)
  async updateTrigger(@Payload() req: UpdateMailTriggerRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<MailTriggerReply> {
    await this.access.require(ctx, p, 'environment.manage', req.environmentId);
    return this.triggers.update(req);
  }

  @MessagePattern(SmtpSubjects.triggerDelete)
  async deleteTrigger(@Payload() req: DeleteMailTriggerRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<MailTriggerReply> {
    await this.access.require(ctx, p, 'environment.manage', req.environmentId);
    return this.triggers.remove(req.environmentId, req.triggerId);
  }
}
