import { AccountsSubjects, GetCompanyRealmRequest, type RealmReply } from '@fleet/contracts-accounts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RealmsService } from './realms.service';

@Controller()
export class RealmsNatsController {
  constructor(private readonly realms: RealmsService) {}

  @MessagePattern(AccountsSubjects.realmGetForCompany)
  get(@Payload() req: GetCompanyRealmRequest): Promise<RealmReply> {
    return this.realms.getCompanyRealm(req.companyId);
  }
}
