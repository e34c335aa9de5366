import type { Principal } from '@fleet/contracts-fleet';
import {
  CreateCompanyUserRequest,
  GetCompanyUserRequest,
  ImportCompanyUsersRequest,
  ListCompanyUsersRequest,
  PlatformSubjects,
  type CompanyUserListReply,
  type CompanyUserReply,
  type ImportCompanyUsersReply,
} from '@fleet/contracts-platform';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { metaOf } from '../correlation';
import { CompanyUsersService } from './company-users.service';

@Controller()
export class CompanyUsersNatsController {
  constructor(private readonly users: CompanyUsersService) {}

  @MessagePattern(PlatformSubjects.companyUserCreate)
  create(@Payload() req: CreateCompanyUserRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<CompanyUserReply> {
    return this.users.create(p, req, metaOf(ctx));
  }

  @MessagePattern(PlatformSubjects.companyUserImport)
  import(@Payload() req: ImportCompanyUsersRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<ImportCompanyUsersReply> {
    return this.users.import(p, req.companyId, req.csv, metaOf(ctx));
  }

  @MessagePattern(PlatformSubjects.companyUserList)
  list(@Payload() req: ListCompanyUsersRequest, @CurrentPrincipal('company') p: Principal): Promise<CompanyUserListReply> {
    return this.users.list(p, req.companyId, req.limit, req.offset);
  }

  @MessagePattern(PlatformSubjects.companyUserGet)
  get(@Payload() req: GetCompanyUserRequest, @CurrentPrincipal('company') p: Principal): Promise<CompanyUserReply> {
    return this.users.get(p, req.companyId, req.userId);
  }

  @MessagePattern(PlatformSubjects.companyUserDeactivate)
  deactivate(@Payload() req: GetCompanyUserRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<CompanyUserReply> {
    return this.users.deactivate(p, req.companyId, req.userId, metaOf(ctx));
  }
}
