import type { Principal } from '@fleet/contracts-fleet';
import {
  CreateCompanyRequest,
  GetCompanyRequest,
  ListCompaniesRequest,
  PlatformSubjects,
  type CompanyListReply,
  type CompanyReply,
} from '@fleet/contracts-platform';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { metaOf } from '../correlation';
import { CompaniesService } from './companies.service';

@Controller()
export class CompaniesNatsController {
  constructor(private readonly companies: CompaniesService) {}

  @MessagePattern(PlatformSubjects.companyCreate)
  create(@Payload() req: CreateCompanyRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<CompanyReply> {
    return this.companies.create(p, req, metaOf(ctx));
  }

  @MessagePattern(PlatformSubjects.companyGet)
  get(@Payload() req: GetCompanyRequest, @CurrentPrincipal('company') p: Principal): Promise<CompanyReply> {
    return this.companies.get(p, req.companyId);
  }

  @MessagePattern(PlatformSubjects.companyList)
  list(@Payload() req: ListCompaniesRequest, @CurrentPrincipal('company') p: Principal): Promise<CompanyListReply> {
    return this.companies.list(p, req.limit, req.offset);
  }
}
