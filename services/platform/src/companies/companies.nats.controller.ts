import { FleetHeaders } from '@fleet/contracts-fleet';
import {
  CreateCompanyRequest,
  GetCompanyRequest,
  ListCompaniesRequest,
  PlatformSubjects,
  type CompanyListReply,
  type CompanyReply,
} from '@fleet/contracts-platform';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { CompaniesService } from './companies.service';

@Controller()
export class CompaniesNatsController {
  constructor(private readonly companies: CompaniesService) {}

  @MessagePattern(PlatformSubjects.companyCreate)
  create(@Payload() req: CreateCompanyRequest, @Ctx() ctx: NatsContext): Promise<CompanyReply> {
    return this.companies.create(req, ctx.getHeaders()?.get(FleetHeaders.correlationId));
  }

  @MessagePattern(PlatformSubjects.companyGet)
  get(@Payload() req: GetCompanyRequest): Promise<CompanyReply> {
    return this.companies.get(req.companyId);
  }

  @MessagePattern(PlatformSubjects.companyList)
  list(@Payload() req: ListCompaniesRequest): Promise<CompanyListReply> {
    return this.companies.list(req.limit, req.offset);
  }
}
