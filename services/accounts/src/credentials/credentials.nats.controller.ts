import {
  AccountsSubjects,
  ChangePasswordRequest,
  CompletePasswordChangeRequest,
  MfaLoginRequest,
  PasswordResetCompleteRequest,
  PasswordResetRequest,
  type ChangePasswordReply,
  type LoginReply,
  type PasswordResetCompleteReply,
  type PasswordResetRequestReply,
} from '@fleet/contracts-accounts';
import type { Principal } from '@fleet/contracts-fleet';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { correlationIdOf } from '../nats-context';
import { CredentialsService } from './credentials.service';

@Controller()
export class CredentialsNatsController {
  constructor(private readonly credentials: CredentialsService) {}

  @MessagePattern(AccountsSubjects.passwordChange)
  change(@Payload() req: ChangePasswordRequest, @CurrentPrincipal() p: Principal, @Ctx() ctx: NatsContext): Promise<ChangePasswordReply> {
    return this.credentials.change(p, req.currentPassword, req.newPassword, correlationIdOf(ctx));
  }

  @MessagePattern(AccountsSubjects.authPassword)
  completeChange(@Payload() req: CompletePasswordChangeRequest, @Ctx() ctx: NatsContext): Promise<LoginReply> {
    return this.credentials.completeChange(req.ticket, req.newPassword, correlationIdOf(ctx));
  }

  @MessagePattern(AccountsSubjects.authMfa)
  mfa(@Payload() req: MfaLoginRequest, @Ctx() ctx: NatsContext): Promise<LoginReply> {
    return this.credentials.mfa(req.ticket, req.code, correlationIdOf(ctx));
  }

  @MessagePattern(AccountsSubjects.passwordResetRequest)
  requestReset(@Payload() req: PasswordResetRequest, @Ctx() ctx: NatsContext): Promise<PasswordResetRequestReply> {
    return this.credentials.requestReset(req.email, req.realm, correlationIdOf(ctx));
  }

  @MessagePattern(AccountsSubjects.passwordResetComplete)
  completeReset(@Payload() req: PasswordResetCompleteRequest, @Ctx() ctx: NatsContext): Promise<PasswordResetCompleteReply> {
    return this.credentials.completeReset(req.token, req.newPassword, correlationIdOf(ctx));
  }
}
