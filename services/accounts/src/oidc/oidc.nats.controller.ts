import {
  AccountsSubjects,
  COMPANY_REALM,
  isCompanyRealm,
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
import { OidcService, type RealmAddress } from './oidc.service';

/**
 * Who may configure a realm's identity provider, as platform decides: the company realm's, its
 * company administrators (`company.manage`); an environment realm's, whoever manages that
 * environment's Work Portal users (company administrators, the project's owners).
 */
const MANAGE_COMPANY = 'company.manage';
const MANAGE_ENVIRONMENT = 'environment.users.manage';

@Controller()
export class OidcNatsController {
  constructor(
    private readonly oidc: OidcService,
    private readonly permissions: PlatformPermissions,
  ) {}

  @MessagePattern(AccountsSubjects.oidcProviderGet)
  async get(@Payload() req: OidcProviderAddress, @CurrentPrincipal('company') p: Principal, @Authorization() auth: string, @Ctx() ctx: NatsContext): Promise<OidcProviderReply> {
    return this.oidc.get(await this.mayManage(auth, p, req, ctx));
  }

  @MessagePattern(AccountsSubjects.oidcProviderSet)
  async set(@Payload() req: SetOidcProviderRequest, @CurrentPrincipal('company') p: Principal, @Authorization() auth: string, @Ctx() ctx: NatsContext): Promise<OidcProviderReply> {
    return this.oidc.set(await this.mayManage(auth, p, req, ctx), req);
  }

  @MessagePattern(AccountsSubjects.oidcProviderDelete)
  async delete(@Payload() req: OidcProviderAddress, @CurrentPrincipal('company') p: Principal, @Authorization() auth: string, @Ctx() ctx: NatsContext): Promise<DeleteOidcProviderReply> {
    return this.oidc.delete(await this.mayManage(auth, p, req, ctx));
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

  /**
   * The realm the request names, once platform allowed the caller to manage it. An environment realm
   * belongs to the caller's company: platform refuses (as not found) an environment of any other.
   */
  private async mayManage(auth: string, p: Principal, req: { companyId?: string; realm?: string }, ctx: NatsContext): Promise<RealmAddress> {
    if (isCompanyRealm(req)) {
      const companyId = req.companyId ?? '';
      await this.permissions.require(auth, MANAGE_COMPANY, 'company', companyId, `company ${companyId} does not exist`, correlationIdOf(ctx));
      return { companyId, realm: COMPANY_REALM };
    }
    const environmentId = (req.realm ?? '').slice('env:'.length);
    await this.permissions.require(auth, MANAGE_ENVIRONMENT, 'environment', environmentId, `environment ${environmentId} does not exist`, correlationIdOf(ctx));
    return { companyId: p.companyId, realm: `env:${environmentId}` };
  }
}
