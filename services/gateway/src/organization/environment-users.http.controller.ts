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
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRealm, type CallerRequest } from '../auth/auth.decorators';
import { validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';

const E = [400, 401, 403, 404, 503, 504];

/** The Work Portal users of one environment (platform), managed by company administrators and the project's owners. */
@ApiTags('environment users')
@RequireRealm('company')
@ApiParam({ name: 'environmentId', format: 'uuid' })
@Controller('api/v1/environments/:environmentId/users')
export class EnvironmentUsersHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Get()
  @ApiContract({ query: 'ListEnvironmentUsersRequest', ok: 200, reply: 'EnvironmentUserListReply', errors: E })
  list(@Param() params: Record<string, string>, @Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<EnvironmentUserListReply> {
    return this.upstream.callAs(req, PlatformSubjects.environmentUserList, validateRequest(ListEnvironmentUsersRequest, params, query));
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a Work Portal user (roles, groups, manager) to the environment' })
  @ApiContract({ body: 'CreateEnvironmentUserRequest', ok: 201, reply: 'EnvironmentUserReply', errors: [...E, 409] })
  create(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<EnvironmentUserReply> {
    return this.upstream.callAs(req, PlatformSubjects.environmentUserCreate, validateRequest(CreateEnvironmentUserRequest, params, body));
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import Work Portal users from CSV: email,displayName[,roles][,groups][,managerEmail] (lists separated by ;)' })
  @ApiContract({ body: 'ImportEnvironmentUsersRequest', ok: 200, reply: 'ImportCompanyUsersReply', errors: E })
  import(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<ImportCompanyUsersReply> {
    return this.upstream.callAs(req, PlatformSubjects.environmentUserImport, validateRequest(ImportEnvironmentUsersRequest, params, body));
  }

  @Get(':userId')
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'EnvironmentUserReply', errors: E })
  get(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<EnvironmentUserReply> {
    return this.upstream.callAs(req, PlatformSubjects.environmentUserGet, validateRequest(GetEnvironmentUserRequest, params, {}));
  }

  @Patch(':userId')
  @ApiOperation({ summary: "Change a Work Portal user's name, roles, groups, manager or status" })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiContract({ body: 'UpdateEnvironmentUserRequest', ok: 200, reply: 'EnvironmentUserReply', errors: E })
  update(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<EnvironmentUserReply> {
    return this.upstream.callAs(req, PlatformSubjects.environmentUserUpdate, validateRequest(UpdateEnvironmentUserRequest, params, body));
  }
}
