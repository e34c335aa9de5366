import {
  AnnounceMaintenanceRequest,
  ApplyPackageRequest,
  DeploymentSubjects,
  GetDeploymentRequest,
  ListDeploymentsRequest,
  MaintenanceRequest,
  OpenMaintenanceRequest,
  type DeploymentListReply,
  type DeploymentReply,
  type MaintenanceReply,
} from '@fleet/contracts-deployment';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { BEARER_SCHEME, RequireRealm, type CallerRequest } from '../auth/auth.decorators';
import { validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';

const E = [400, 401, 403, 404, 503, 504];

/** An environment's deployments and maintenance window (deployment). */
@ApiTags('deployment')
@Controller('api/v1/environments/:environmentId')
export class DeploymentsHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Post('deployments')
  @HttpCode(202)
  @RequireRealm('company')
  @ApiParam({ name: 'environmentId', format: 'uuid' })
  @ApiOperation({ summary: 'Apply a package (project owners; promotion order development → test → staging → production unless a company administrator overrides). Answers at once with status pending' })
  @ApiContract({ body: 'ApplyPackageRequest', ok: 202, reply: 'DeploymentReply', errors: [...E, 409] })
  apply(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<DeploymentReply> {
    return this.upstream.callAs(req, DeploymentSubjects.deploymentApply, validateRequest(ApplyPackageRequest, params, body));
  }

  @Get('deployments')
  @RequireRealm('company')
  @ApiParam({ name: 'environmentId', format: 'uuid' })
  @ApiOperation({ summary: "The environment's deployment history (status, timing, who), newest first" })
  @ApiContract({ query: 'ListDeploymentsRequest', ok: 200, reply: 'DeploymentListReply', errors: E })
  list(@Param() params: Record<string, string>, @Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<DeploymentListReply> {
    return this.upstream.callAs(req, DeploymentSubjects.deploymentList, validateRequest(ListDeploymentsRequest, params, query));
  }

  @Get('deployments/:deploymentId')
  @RequireRealm('company')
  @ApiParam({ name: 'environmentId', format: 'uuid' })
  @ApiParam({ name: 'deploymentId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'DeploymentReply', errors: E })
  get(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<DeploymentReply> {
    return this.upstream.callAs(req, DeploymentSubjects.deploymentGet, validateRequest(GetDeploymentRequest, params, {}));
  }

  @Get('maintenance')
  @ApiBearerAuth(BEARER_SCHEME)
  @ApiParam({ name: 'environmentId', format: 'uuid' })
  @ApiOperation({ summary: "The maintenance window's state and pre-announcement (administrators, and the environment's Work Portal users for the banner)" })
  @ApiContract({ ok: 200, reply: 'MaintenanceReply', errors: E })
  maintenance(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<MaintenanceReply> {
    return this.upstream.callAs(req, DeploymentSubjects.maintenanceGet, validateRequest(MaintenanceRequest, params, {}));
  }

  @Post('maintenance/open')
  @RequireRealm('company')
  @ApiParam({ name: 'environmentId', format: 'uuid' })
  @ApiOperation({ summary: 'Open the maintenance window by hand (the Work Portal answers 503 with the message meanwhile)' })
  @ApiContract({ body: 'OpenMaintenanceRequest', ok: 201, reply: 'MaintenanceReply', errors: [...E, 409] })
  open(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<MaintenanceReply> {
    return this.upstream.callAs(req, DeploymentSubjects.maintenanceOpen, validateRequest(OpenMaintenanceRequest, params, body ?? {}));
  }

  @Post('maintenance/close')
  @RequireRealm('company')
  @ApiParam({ name: 'environmentId', format: 'uuid' })
  @ApiOperation({ summary: "Close a window opened by hand (a deployment's window closes when the deployment ends: 409)" })
  @ApiContract({ ok: 201, reply: 'MaintenanceReply', errors: [...E, 409] })
  close(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<MaintenanceReply> {
    return this.upstream.callAs(req, DeploymentSubjects.maintenanceClose, validateRequest(MaintenanceRequest, params, {}));
  }

  @Put('maintenance/announcement')
  @RequireRealm('company')
  @ApiParam({ name: 'environmentId', format: 'uuid' })
  @ApiOperation({ summary: 'Schedule the pre-announcement (start, end, message) the Work Portal shows as a banner; it does not open the window' })
  @ApiContract({ body: 'AnnounceMaintenanceRequest', ok: 200, reply: 'MaintenanceReply', errors: E })
  announce(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<MaintenanceReply> {
    return this.upstream.callAs(req, DeploymentSubjects.maintenanceAnnounce, validateRequest(AnnounceMaintenanceRequest, params, body));
  }
}
