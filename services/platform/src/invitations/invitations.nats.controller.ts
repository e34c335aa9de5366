import type { Principal } from '@fleet/contracts-fleet';
import {
  AcceptInvitationRequest,
  CreateInvitationRequest,
  ListInvitationsRequest,
  PlatformSubjects,
  type InvitationListReply,
  type InvitationReply,
} from '@fleet/contracts-platform';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { metaOf } from '../correlation';
import { InvitationsService } from './invitations.service';

@Controller()
export class InvitationsNatsController {
  constructor(private readonly invitations: InvitationsService) {}

  @MessagePattern(PlatformSubjects.invitationCreate)
  create(@Payload() req: CreateInvitationRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<InvitationReply> {
    return this.invitations.create(p, req, metaOf(ctx));
  }

  /** Public: the one-time token proves the right to accept. */
  @MessagePattern(PlatformSubjects.invitationAccept)
  accept(@Payload() req: AcceptInvitationRequest, @Ctx() ctx: NatsContext): Promise<InvitationReply> {
    return this.invitations.accept(req, metaOf(ctx));
  }

  @MessagePattern(PlatformSubjects.invitationList)
  async list(@Payload() req: ListInvitationsRequest, @CurrentPrincipal('company') p: Principal): Promise<InvitationListReply> {
    return { items: await this.invitations.list(p, req.companyId) };
  }
}
