import type { Principal } from '@fleet/contracts-fleet';
import {
  CreateEnvironmentUserRequest,
  GetEnvironmentUserRequest,
  ImportEnvironmentUsersRequest,
  ListEnvironmentUsersRequest,
  PlatformSubjects,
  UpdateEnvironmentUserRequest,
  type EnvironmentUserListReply,
  type EnvironmentUserReply,
  type ImportCompanyUsersReply,
} from '@fleet/contracts-platform';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { metaOf } from '../correlation';
import { EnvironmentUsersService } from './environment-users.service';

@Controller()
export class EnvironmentUsersNatsController {
  constructor(private readonly users: EnvironmentUsersService) {}

  @MessagePattern(PlatformSubjects.environmentUserCreate)
  create(@Payload() req: CreateEnvironmentUserRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<EnvironmentUserReply> {
    return this.users.create(p, req, metaOf(ctx));
  }

  @MessagePattern(PlatformSubjects.environmentUserUpdate)
  update(@Payload() req: UpdateEnvironmentUserRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<EnvironmentUserReply> {
    return this.users.update(p, req, metaOf(ctx));
  }

  @MessagePattern(PlatformSubjects.environmentUserGet)
  get(@Payload() req: GetEnvironmentUserRequest, @CurrentPrincipal('company') p: Principal): Promise<EnvironmentUserReply> {
    return this.users.get(p, req.environmentId, req.userId);
  }

  @MessagePattern(PlatformSubjects.environmentUserList)
  list(@Payload() req: ListEnvironmentUsersRequest, @CurrentPrincipal('company') p: Principal): Promise<EnvironmentUserListReply> {
    return this.users.list(p, req);
  }

  @MessagePattern(PlatformSubjects.environmentUserImport)
  import(@Payload() req: ImportEnvironmentUsersRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<ImportCompanyUsersReply> {
    return this.users.import(p, req.environmentId, req.csv, metaOf(ctx));
  }
}
