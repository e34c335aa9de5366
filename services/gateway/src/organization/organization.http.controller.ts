import {
  CreateEnvironmentRequest,
  CreateProjectRequest,
  CreateSubscriptionRequest,
  DeleteProjectRequest,
  GetEnvironmentRequest,
  GetProjectRequest,
  GetSubscriptionRequest,
  ListEnvironmentsRequest,
  PlatformSubjects,
  SubscriptionListRequest,
  type EnvironmentListReply,
  type EnvironmentReply,
  type ProjectListReply,
  type ProjectReply,
  type SubscriptionListReply,
  type SubscriptionReply,
} from '@fleet/contracts-platform';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRealm, type CallerRequest } from '../auth/auth.decorators';
import { validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';

const E = [400, 401, 403, 404, 503, 504];

/** Subscriptions, projects and environments (platform). */
@ApiTags('organization')
@RequireRealm('company')
@Controller('api/v1')
export class OrganizationHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Post('subscriptions')
  @HttpCode(201)
  @ApiOperation({ summary: "Create the company's subscription of a kind (modeler, studio, automation)" })
  @ApiContract({ body: 'CreateSubscriptionRequest', ok: 201, reply: 'SubscriptionReply', errors: [...E, 409] })
  createSubscription(@Body() body: unknown, @Req() req: CallerRequest): Promise<SubscriptionReply> {
    return this.upstream.callAs(req, PlatformSubjects.subscriptionCreate, validateRequest(CreateSubscriptionRequest, {}, body));
  }

  @Get('subscriptions')
  @ApiOperation({ summary: "A company's subscriptions the caller may see" })
  @ApiContract({ query: 'SubscriptionListRequest', ok: 200, reply: 'SubscriptionListReply', errors: E })
  listSubscriptions(@Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<SubscriptionListReply> {
    return this.upstream.callAs(req, PlatformSubjects.subscriptionList, validateRequest(SubscriptionListRequest, {}, query));
  }

  @Get('subscriptions/:subscriptionId')
  @ApiParam({ name: 'subscriptionId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'SubscriptionReply', errors: E })
  getSubscription(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<SubscriptionReply> {
    return this.upstream.callAs(req, PlatformSubjects.subscriptionGet, validateRequest(GetSubscriptionRequest, params, {}));
  }

  @Post('projects')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a project in a subscription (the caller becomes its owner)' })
  @ApiContract({ body: 'CreateProjectRequest', ok: 201, reply: 'ProjectReply', errors: [...E, 409] })
  createProject(@Body() body: unknown, @Req() req: CallerRequest): Promise<ProjectReply> {
    return this.upstream.callAs(req, PlatformSubjects.projectCreate, validateRequest(CreateProjectRequest, {}, body));
  }

  @Get('projects')
  @ApiOperation({ summary: 'The projects the caller may see' })
  @ApiContract({ ok: 200, reply: 'ProjectListReply', errors: E })
  listProjects(@Req() req: CallerRequest): Promise<ProjectListReply> {
    return this.upstream.callAs(req, PlatformSubjects.projectList, {});
  }

  @Get('projects/:projectId')
  @ApiParam({ name: 'projectId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'ProjectReply', errors: E })
  getProject(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<ProjectReply> {
    return this.upstream.callAs(req, PlatformSubjects.projectGet, validateRequest(GetProjectRequest, params, {}));
  }

  @Delete('projects/:projectId')
  @ApiOperation({ summary: 'Delete a project and its environments; body { confirmName } must repeat the name' })
  @ApiParam({ name: 'projectId', format: 'uuid' })
  @ApiContract({ body: 'DeleteProjectRequest', ok: 200, reply: 'ProjectReply', errors: E })
  deleteProject(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<ProjectReply> {
    return this.upstream.callAs(req, PlatformSubjects.projectDelete, validateRequest(DeleteProjectRequest, params, body));
  }

  @Post('projects/:projectId/environments')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an environment of a project (development, test, staging, production)' })
  @ApiParam({ name: 'projectId', format: 'uuid' })
  @ApiContract({ body: 'CreateEnvironmentRequest', ok: 201, reply: 'EnvironmentReply', errors: [...E, 409] })
  createEnvironment(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<EnvironmentReply> {
    return this.upstream.callAs(req, PlatformSubjects.environmentCreate, validateRequest(CreateEnvironmentRequest, params, body));
  }

  @Get('projects/:projectId/environments')
  @ApiParam({ name: 'projectId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'EnvironmentListReply', errors: E })
  listEnvironments(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<EnvironmentListReply> {
    return this.upstream.callAs(req, PlatformSubjects.environmentList, validateRequest(ListEnvironmentsRequest, params, {}));
  }

  @Get('environments/:environmentId')
  @ApiParam({ name: 'environmentId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'EnvironmentReply', errors: E })
  getEnvironment(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<EnvironmentReply> {
    return this.upstream.callAs(req, PlatformSubjects.environmentGet, validateRequest(GetEnvironmentRequest, params, {}));
  }
}
