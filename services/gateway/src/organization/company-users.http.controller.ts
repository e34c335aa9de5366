import {
  CreateCompanyUserRequest,
  GetCompanyUserRequest,
  GrantRoleRequest,
  ImportCompanyUsersRequest,
  ListAuditRequest,
  ListCompanyUsersRequest,
  ListGrantsRequest,
  PlatformSubjects,
  RevokeGrantRequest,
  type AuditListReply,
  type CompanyUserListReply,
  type CompanyUserReply,
  type GrantListReply,
  type GrantReply,
  type ImportCompanyUsersReply,
} from '@fleet/contracts-platform';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRealm, type CallerRequest } from '../auth/auth.decorators';
import { validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';

/** A company's user pool and role grants (platform). Company administrators; platform decides. */
@ApiTags('company users')
@RequireRealm('company')
@ApiParam({ name: 'companyId', format: 'uuid' })
@Controller('api/v1/companies/:companyId')
export class CompanyUsersHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Get('users')
  @ApiOperation({ summary: "List a company's users" })
  @ApiContract({ query: 'ListCompanyUsersRequest', ok: 200, reply: 'CompanyUserListReply', errors: [400, 401, 403, 404, 503, 504] })
  list(@Param() params: Record<string, string>, @Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<CompanyUserListReply> {
    return this.upstream.callAs(req, PlatformSubjects.companyUserList, validateRequest(ListCompanyUsersRequest, params, query));
  }

  @Post('users')
  @HttpCode(201)
  @ApiOperation({ summary: "Add a person to the company's user pool (no role yet)" })
  @ApiContract({ body: 'CreateCompanyUserRequest', ok: 201, reply: 'CompanyUserReply', errors: [400, 401, 403, 404, 409, 503, 504] })
  create(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<CompanyUserReply> {
    return this.upstream.callAs(req, PlatformSubjects.companyUserCreate, validateRequest(CreateCompanyUserRequest, params, body));
  }

  @Post('users/import')
  @ApiOperation({ summary: 'Bulk import users from CSV (header email,displayName); every bad row is reported with its line and field' })
  @ApiContract({ body: 'ImportCompanyUsersRequest', ok: 200, reply: 'ImportCompanyUsersReply', errors: [400, 401, 403, 404, 503, 504] })
  @HttpCode(200)
  import(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<ImportCompanyUsersReply> {
    return this.upstream.callAs(req, PlatformSubjects.companyUserImport, validateRequest(ImportCompanyUsersRequest, params, body));
  }

  @Get('users/:userId')
  @ApiOperation({ summary: 'Read a company user' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'CompanyUserReply', errors: [400, 401, 403, 404, 503, 504] })
  get(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<CompanyUserReply> {
    return this.upstream.callAs(req, PlatformSubjects.companyUserGet, validateRequest(GetCompanyUserRequest, params, {}));
  }

  @Post('users/:userId/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a company user (their sessions are revoked)' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'CompanyUserReply', errors: [400, 401, 403, 404, 409, 503, 504] })
  deactivate(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<CompanyUserReply> {
    return this.upstream.callAs(req, PlatformSubjects.companyUserDeactivate, validateRequest(GetCompanyUserRequest, params, {}));
  }

  @Get('grants')
  @ApiOperation({ summary: 'List role grants (optionally of one user)' })
  @ApiContract({ query: 'ListGrantsRequest', ok: 200, reply: 'GrantListReply', errors: [400, 401, 403, 404, 503, 504] })
  grants(@Param() params: Record<string, string>, @Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<GrantListReply> {
    return this.upstream.callAs(req, PlatformSubjects.grantList, validateRequest(ListGrantsRequest, params, query));
  }

  @Post('grants')
  @HttpCode(201)
  @ApiOperation({ summary: 'Grant a role on a resource to a company user' })
  @ApiContract({ body: 'GrantRoleRequest', ok: 201, reply: 'GrantReply', errors: [400, 401, 403, 404, 409, 503, 504] })
  grant(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<GrantReply> {
    return this.upstream.callAs(req, PlatformSubjects.grantCreate, validateRequest(GrantRoleRequest, params, body));
  }

  @Get('audit')
  @ApiOperation({ summary: "The company's security audit (sign-ins, lockouts, grants, user changes), newest first" })
  @ApiContract({ query: 'ListAuditRequest', ok: 200, reply: 'AuditListReply', errors: [400, 401, 403, 404, 503, 504] })
  audit(@Param() params: Record<string, string>, @Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<AuditListReply> {
    return this.upstream.callAs(req, PlatformSubjects.auditList, validateRequest(ListAuditRequest, params, query));
  }

  @Delete('grants/:grantId')
  @ApiOperation({ summary: 'Revoke a grant (effective within seconds across the fleet)' })
  @ApiParam({ name: 'grantId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'GrantReply', errors: [400, 401, 403, 404, 409, 503, 504] })
  revoke(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<GrantReply> {
    return this.upstream.callAs(req, PlatformSubjects.grantRevoke, validateRequest(RevokeGrantRequest, params, {}));
  }
}
