import {
  AccountsSubjects,
  ClientCredentialsRequest,
  CreateServiceAccountRequest,
  ListServiceAccountsRequest,
  RevokeServiceAccountRequest,
  type CreatedServiceAccountReply,
  type ServiceAccountListReply,
  type ServiceAccountReply,
  type ServiceTokenReply,
} from '@fleet/contracts-accounts';
import type { Principal } from '@fleet/contracts-fleet';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { Authorization } from '../access/internal-caller';
import { PlatformPermissions } from '../access/platform-permissions';
import { correlationIdOf, metaOf } from '../nats-context';
import { ServiceAccountsService } from './service-accounts.service';

/** Who may manage a company's service accounts: whoever may manage its users (company administrators), as platform decides. */
const MANAGE = 'company.users.manage';

@Controller()
export class ServiceAccountsNatsController {
  constructor(
    private readonly accounts: ServiceAccountsService,
    private readonly permissions: PlatformPermissions,
  ) {}

  /** Public: the credentials are the authentication. */
  @MessagePattern(AccountsSubjects.authToken)
  token(@Payload() req: ClientCredentialsRequest, @Ctx() ctx: NatsContext): Promise<ServiceTokenReply> {
    return this.accounts.token(req, metaOf(ctx));
  }

  @MessagePattern(AccountsSubjects.serviceAccountCreate)
  async create(@Payload() req: CreateServiceAccountRequest, @CurrentPrincipal('company') principal: Principal, @Authorization() auth: string, @Ctx() ctx: NatsContext): Promise<CreatedServiceAccountReply> {
    await this.mayManage(auth, req.companyId, ctx);
    return this.accounts.create(req, principal.sub, metaOf(ctx));
  }

  @MessagePattern(AccountsSubjects.serviceAccountList)
  async list(@Payload() req: ListServiceAccountsRequest, @CurrentPrincipal('company') _principal: Principal, @Authorization() auth: string, @Ctx() ctx: NatsContext): Promise<ServiceAccountListReply> {
    await this.mayManage(auth, req.companyId, ctx);
    return this.accounts.list(req.companyId);
  }

  @MessagePattern(AccountsSubjects.serviceAccountRevoke)
  async revoke(@Payload() req: RevokeServiceAccountRequest, @CurrentPrincipal('company') principal: Principal, @Authorization() auth: string, @Ctx() ctx: NatsContext): Promise<ServiceAccountReply> {
    await this.mayManage(auth, req.companyId, ctx);
    return this.accounts.revoke(req.companyId, req.serviceAccountId, principal.sub, metaOf(ctx));
  }

  private mayManage(auth: string, companyId: string, ctx: NatsContext): Promise<void> {
    return this.permissions.require(auth, MANAGE, 'company', companyId, `company ${companyId} does not exist`, correlationIdOf(ctx));
  }
}
