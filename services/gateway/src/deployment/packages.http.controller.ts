import {
  BuildPackageRequest,
  DeploymentSubjects,
  GetPackageRequest,
  ImportPackageRequest,
  InspectPackageRequest,
  ListPackagesRequest,
  type InspectionReply,
  type PackageFileReply,
  type PackageListReply,
  type PackageReply,
} from '@fleet/contracts-deployment';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRealm, type CallerRequest } from '../auth/auth.decorators';
import { validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';

const E = [400, 401, 403, 404, 503, 504];

/** A project's packages (deployment): build from a catalog tag, list, get, export, import, inspect. */
@ApiTags('deployment')
@RequireRealm('company')
@Controller('api/v1/projects/:projectId/packages')
export class PackagesHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Post()
  @HttpCode(201)
  @ApiParam({ name: 'projectId', format: 'uuid' })
  @ApiOperation({ summary: 'Build a signed, immutable package from a catalog tag (project owners; the same tag gives the same package)' })
  @ApiContract({ body: 'BuildPackageRequest', ok: 201, reply: 'PackageReply', errors: E })
  build(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<PackageReply> {
    return this.upstream.callAs(req, DeploymentSubjects.packageBuild, validateRequest(BuildPackageRequest, params, body));
  }

  @Get()
  @ApiParam({ name: 'projectId', format: 'uuid' })
  @ApiOperation({ summary: "The project's packages, newest first" })
  @ApiContract({ query: 'ListPackagesRequest', ok: 200, reply: 'PackageListReply', errors: E })
  list(@Param() params: Record<string, string>, @Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<PackageListReply> {
    return this.upstream.callAs(req, DeploymentSubjects.packageList, validateRequest(ListPackagesRequest, params, query));
  }

  @Post('import')
  @HttpCode(201)
  @ApiParam({ name: 'projectId', format: 'uuid' })
  @ApiOperation({ summary: 'Import a package file (base64) signed by a key this installation or company trusts (project owners)' })
  @ApiContract({ body: 'ImportPackageRequest', ok: 201, reply: 'PackageReply', errors: E })
  import(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<PackageReply> {
    return this.upstream.callAs(req, DeploymentSubjects.packageImport, validateRequest(ImportPackageRequest, params, body));
  }

  @Get(':packageId')
  @ApiParam({ name: 'projectId', format: 'uuid' })
  @ApiParam({ name: 'packageId', description: 'SHA-256 of the package content (64 hex digits)' })
  @ApiContract({ ok: 200, reply: 'PackageReply', errors: E })
  get(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<PackageReply> {
    return this.upstream.callAs(req, DeploymentSubjects.packageGet, validateRequest(GetPackageRequest, params, {}));
  }

  @Get(':packageId/export')
  @ApiParam({ name: 'projectId', format: 'uuid' })
  @ApiParam({ name: 'packageId', description: 'SHA-256 of the package content (64 hex digits)' })
  @ApiOperation({ summary: 'Download the signed package file (JSON: format, checksum, content, signature)' })
  @ApiResponse({ status: 200, description: 'the package file (attachment)' })
  @ApiContract({ ok: 200, errors: E })
  async export(@Param() params: Record<string, string>, @Req() req: CallerRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const f = await this.upstream.callAs<PackageFileReply>(req, DeploymentSubjects.packageExport, validateRequest(GetPackageRequest, params, {}));
    void reply.header('content-type', 'application/json; charset=utf-8').header('content-disposition', `attachment; filename="${f.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
    return f.file;
  }

  @Get(':packageId/inspect')
  @ApiParam({ name: 'projectId', format: 'uuid' })
  @ApiParam({ name: 'packageId', description: 'SHA-256 of the package content (64 hex digits)' })
  @ApiOperation({ summary: 'Object list (added / changed / removed / renamed) against what the environment runs now, maintenance need and safety verdict' })
  @ApiContract({ query: 'InspectPackageRequest', ok: 200, reply: 'InspectionReply', errors: E })
  inspect(@Param() params: Record<string, string>, @Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<InspectionReply> {
    return this.upstream.callAs(req, DeploymentSubjects.packageInspect, validateRequest(InspectPackageRequest, params, query));
  }
}
