import { AccountsSubjects, GetCompanyRealmRequest, type RealmReply } from '@fleet/contracts-accounts';
import type { Principal } from '@fleet/contracts-fleet';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { Authorization } from '../access/internal-caller';
import { PlatformPermissions } from '../access/platform-permissions';
import { correlationIdOf } from '../nats-context';
import { RealmsService } from './realms.service';

@Controller()
export class RealmsNatsController {
  constructor(
    private readonly realms: RealmsService,
    private readonly permissions: PlatformPermissions,
  ) {}

  /**
   * Scoped like the company itself: the caller (company realm) must be able to read the company
   * (its own company with a role, or a platform operator), as platform's permission API answers;
   * anything else is `ACCOUNTS.NOT_FOUND`, whether the company exists or not.
   */
  @MessagePattern(AccountsSubjects.realmGetForCompany)
  async get(@Payload() req: GetCompanyRealmRequest, @CurrentPrincipal('company') _principal: Principal, @Authorization() auth: string, @Ctx() ctx: NatsContext): Promise<RealmReply> {
    await this.permissions.require(auth, 'company.read', 'company', req.companyId, `company ${req.companyId} does not exist`, correlationIdOf(ctx));
    return this.realms.getCompanyRealm(req.companyId);
  }
}
