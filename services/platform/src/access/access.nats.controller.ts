import type { Principal } from '@fleet/contracts-fleet';
import {
  GrantRoleRequest,
  ListGrantsRequest,
  MyAccessRequest,
  PermissionCheckRequest,
  PlatformSubjects,
  RevokeGrantRequest,
  type GrantListReply,
  type GrantReply,
  type MyAccessReply,
  type PermissionCheckReply,
  type Role,
} from '@fleet/contracts-platform';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { metaOf } from '../correlation';
import { AccessService } from './access.service';
import { GrantsService } from './grants.service';

@Controller()
export class AccessNatsController {
  constructor(
    private readonly access: AccessService,
    private readonly grants: GrantsService,
  ) {}

  /** Other services ask here, with the caller's token, before touching a resource they own. */
  @MessagePattern(PlatformSubjects.permissionCheck)
  check(@Payload() req: PermissionCheckRequest, @CurrentPrincipal() p: Principal): Promise<PermissionCheckReply> {
    return this.access.check(p, req.action, req.resourceType, req.resourceId);
  }

  @MessagePattern(PlatformSubjects.accessMine)
  mine(@Payload() _req: MyAccessRequest, @CurrentPrincipal('company') p: Principal): Promise<MyAccessReply> {
    return this.grants.mine(p);
  }

  @MessagePattern(PlatformSubjects.grantCreate)
  grant(@Payload() req: GrantRoleRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<GrantReply> {
    return this.grants.grant(p, req.companyId, req.userId, req.role as Exclude<Role, 'platform_operator'>, req.resourceId, metaOf(ctx));
  }

  @MessagePattern(PlatformSubjects.grantRevoke)
  revoke(@Payload() req: RevokeGrantRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<GrantReply> {
    return this.grants.revoke(p, req.companyId, req.grantId, metaOf(ctx));
  }

  @MessagePattern(PlatformSubjects.grantList)
  async list(@Payload() req: ListGrantsRequest, @CurrentPrincipal('company') p: Principal): Promise<GrantListReply> {
    return { items: await this.grants.list(p, req.companyId, req.userId) };
  }
}
