import {
  AccountsSubjects,
  OidcCallbackRequest,
  OidcProviderAddress,
  OidcStartRequest,
  SetOidcProviderRequest,
  type DeleteOidcProviderReply,
  type OidcProviderReply,
  type OidcStartReply,
  type TokenPairReply,
} from '@fleet/contracts-accounts';
import type { Principal } from '@fleet/contracts-fleet';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { Authorization } from '../access/internal-caller';
import { PlatformPermissions } from '../access/platform-permissions';
import { correlationIdOf } from '../nats-context';
import { OidcService } from './oidc.service';

/** Who may configure a company's identity provider: its administrators, as platform decides. */
const MANAGE = 'company.manage';

@Controller()
export class OidcNatsController {
  constructor(
    private readonly oidc: OidcService,
    private readonly permissions: PlatformPermissions,
  ) {}

  @MessagePattern(AccountsSubjects.oidcProviderGet)
  async get(@Payload() req: OidcProviderAddress, @CurrentPrincipal('company') _p: Principal, @Authorization() auth: string, @Ctx() ctx: NatsContext): Promise<OidcProviderReply> {
    await this.mayManage(auth, req.companyId, ctx);
    return this.oidc.get(req.companyId);
  }

  @MessagePattern(AccountsSubjects.oidcProviderSet)
  async set(@Payload() req: SetOidcProviderRequest, @CurrentPrincipal('company') _p: Principal, @Authorization() auth: string, @Ctx() ctx: NatsContext): Promise<OidcProviderReply> {
    await this.mayManage(auth, req.companyId, ctx);
    return this.oidc.set(req);
  }

  @MessagePattern(AccountsSubjects.oidcProviderDelete)
  async delete(@Payload() req: OidcProviderAddress, @CurrentPrincipal('company') _p: Principal, @Authorization() auth: string, @Ctx() ctx: NatsContext): Promise<DeleteOidcProviderReply> {
    await this.mayManage(auth, req.companyId, ctx);
    return this.oidc.delete(req.companyId);
  }

  /** Public: the browser is not signed in yet. */
  @MessagePattern(AccountsSubjects.authOidcStart)
  start(@Payload() req: OidcStartRequest): Promise<OidcStartReply> {
    return this.oidc.start(req);
  }

  /** Public: the provider's code and the one-time state are the authentication. */
  @MessagePattern(AccountsSubjects.authOidcCallback)
  callback(@Payload() req: OidcCallbackRequest, @Ctx() ctx: NatsContext): Promise<TokenPairReply> {
    return this.oidc.callback(req, correlationIdOf(ctx));
  }

  private mayManage(auth: string, companyId: string, ctx: NatsContext): Promise<void> {
    return this.permissions.require(auth, MANAGE, 'company', companyId, `company ${companyId} does not exist`, correlationIdOf(ctx));
  }
}
