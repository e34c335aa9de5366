import { AccountsSubjects, LoginRequest, LogoutRequest, RefreshRequest, type LoginReply, type LogoutReply, type TokenPairReply } from '@fleet/contracts-accounts';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { correlationIdOf } from '../nats-context';
import { SessionsService } from '../sessions/sessions.service';
import { LoginService } from './login.service';

@Controller()
export class AuthNatsController {
  constructor(
    private readonly logins: LoginService,
    private readonly sessions: SessionsService,
  ) {}

  @MessagePattern(AccountsSubjects.authLogin)
  login(@Payload() req: LoginRequest, @Ctx() ctx: NatsContext): Promise<LoginReply> {
    return this.logins.login(req, correlationIdOf(ctx));
  }

  @MessagePattern(AccountsSubjects.authRefresh)
  refresh(@Payload() req: RefreshRequest, @Ctx() ctx: NatsContext): Promise<TokenPairReply> {
    return this.sessions.refresh(req.refresh_token, correlationIdOf(ctx));
  }

  @MessagePattern(AccountsSubjects.authLogout)
  async logout(@Payload() req: LogoutRequest, @Ctx() ctx: NatsContext): Promise<LogoutReply> {
    return { revoked: await this.sessions.logout(req.refresh_token, correlationIdOf(ctx)) };
  }
}
