import {
  ArtifactHistoryRequest,
  CatalogSubjects,
  CommitRequest,
  CreateTagRequest,
  DiffRequest,
  GetArtifactRequest,
  ImportProcessRequest,
  ListArtifactsRequest,
  ListCommitsRequest,
  ListLocksRequest,
  ListTagsRequest,
  LockRequest,
  TagSnapshotRequest,
  TakeLockRequest,
  type ArtifactHistoryReply,
  type ArtifactListReply,
  type ArtifactReply,
  type CommitListReply,
  type CommitReply,
  type DiffReply,
  type ImportProcessReply,
  type LockListReply,
  type LockReleasedReply,
  type LockReply,
  type TagListReply,
  type TagReply,
  type TagSnapshotReply,
} from '@fleet/contracts-catalog';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRealm, type CallerRequest } from '../auth/auth.decorators';
import { validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';

const E = [400, 401, 403, 404, 503, 504];

/**
 * A project's catalog (catalog service): artifacts, commits, locks, history, diff, tags, BPMN
 * import. The catalog asks platform itself whether the caller may read, collaborate or manage.
 */
@ApiTags('catalog')
@RequireRealm('company')
@ApiParam({ name: 'projectId', format: 'uuid' })
@Controller('api/v1/projects/:projectId/catalog')
export class CatalogHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Get('artifacts')
  @ApiOperation({ summary: 'The artifacts of the project at the head or at `version` (no contents), with their locks' })
  @ApiContract({ query: 'ListArtifactsRequest', ok: 200, reply: 'ArtifactListReply', errors: E })
  list(@Param() params: Record<string, string>, @Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<ArtifactListReply> {
    return this.upstream.callAs(req, CatalogSubjects.artifactList, validateRequest(ListArtifactsRequest, params, query));
  }

  @Get('artifacts/:artifactId')
  @ApiOperation({ summary: 'One artifact with its content; `lock` and `editable` tell whether someone else has it checked out' })
  @ApiParam({ name: 'artifactId', format: 'uuid' })
  @ApiContract({ query: 'GetArtifactRequest', ok: 200, reply: 'ArtifactReply', errors: E })
  get(@Param() params: Record<string, string>, @Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<ArtifactReply> {
    return this.upstream.callAs(req, CatalogSubjects.artifactGet, validateRequest(GetArtifactRequest, params, query));
  }

  @Get('artifacts/:artifactId/history')
  @ApiParam({ name: 'artifactId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'ArtifactHistoryReply', errors: E })
  history(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<ArtifactHistoryReply> {
    return this.upstream.callAs(req, CatalogSubjects.artifactHistory, validateRequest(ArtifactHistoryRequest, params, {}));
  }

  @Post('commits')
  @HttpCode(201)
  @ApiOperation({ summary: 'Commit a change set on `parentVersion`: 409 when a touched artifact changed since (details.artifacts), 423 when someone else has one checked out, 400 with details.errors when it does not validate' })
  @ApiContract({ body: 'CommitRequest', ok: 201, reply: 'CommitReply', errors: [...E, 409, 423] })
  commit(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<CommitReply> {
    return this.upstream.callAs(req, CatalogSubjects.commitCreate, validateRequest(CommitRequest, params, body));
  }

  @Get('commits')
  @ApiOperation({ summary: "The project's history, newest first" })
  @ApiContract({ query: 'ListCommitsRequest', ok: 200, reply: 'CommitListReply', errors: E })
  commits(@Param() params: Record<string, string>, @Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<CommitListReply> {
    return this.upstream.callAs(req, CatalogSubjects.commitList, validateRequest(ListCommitsRequest, params, query));
  }

  @Get('diff')
  @ApiOperation({ summary: 'What changed between two versions (`from`, `to`; `includeContent=true` for both sides)' })
  @ApiContract({ query: 'DiffRequest', ok: 200, reply: 'DiffReply', errors: E })
  diff(@Param() params: Record<string, string>, @Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<DiffReply> {
    return this.upstream.callAs(req, CatalogSubjects.diffGet, validateRequest(DiffRequest, params, query));
  }

  @Get('locks')
  @ApiContract({ ok: 200, reply: 'LockListReply', errors: E })
  locks(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<LockListReply> {
    return this.upstream.callAs(req, CatalogSubjects.lockList, validateRequest(ListLocksRequest, params, {}));
  }

  @Post('locks')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check an artifact out for edit (423 with the holder when someone else has it)' })
  @ApiContract({ body: 'TakeLockRequest', ok: 200, reply: 'LockReply', errors: [...E, 423] })
  take(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<LockReply> {
    return this.upstream.callAs(req, CatalogSubjects.lockTake, validateRequest(TakeLockRequest, params, body));
  }

  @Delete('locks/:artifactId')
  @ApiOperation({ summary: "Check an artifact in without committing (the holder only; someone else's lock is 423)" })
  @ApiParam({ name: 'artifactId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'LockReleasedReply', errors: [...E, 423] })
  release(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<LockReleasedReply> {
    return this.upstream.callAs(req, CatalogSubjects.lockRelease, validateRequest(LockRequest, params, {}));
  }

  @Post('locks/:artifactId/force-release')
  @HttpCode(200)
  @ApiOperation({ summary: "Release anyone's lock (project owners)" })
  @ApiParam({ name: 'artifactId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'LockReleasedReply', errors: E })
  forceRelease(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<LockReleasedReply> {
    return this.upstream.callAs(req, CatalogSubjects.lockForceRelease, validateRequest(LockRequest, params, {}));
  }

  @Get('tags')
  @ApiContract({ ok: 200, reply: 'TagListReply', errors: E })
  tags(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<TagListReply> {
    return this.upstream.callAs(req, CatalogSubjects.tagList, validateRequest(ListTagsRequest, params, {}));
  }

  @Post('tags')
  @HttpCode(201)
  @ApiOperation({ summary: 'Name a version (immutable; 409 when the name exists, 423 while anything is checked out)' })
  @ApiContract({ body: 'CreateTagRequest', ok: 201, reply: 'TagReply', errors: [...E, 409, 423] })
  tag(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<TagReply> {
    return this.upstream.callAs(req, CatalogSubjects.tagCreate, validateRequest(CreateTagRequest, params, body));
  }

  @Get('tags/:tag/snapshot')
  @ApiOperation({ summary: 'Every artifact as the tag froze it, with contents and sha256 (what deployment packages)' })
  @ApiParam({ name: 'tag' })
  @ApiContract({ ok: 200, reply: 'TagSnapshotReply', errors: E })
  snapshot(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<TagSnapshotReply> {
    return this.upstream.callAs(req, CatalogSubjects.tagSnapshot, validateRequest(TagSnapshotRequest, params, {}));
  }

  @Post('imports')
  @HttpCode(201)
  @ApiOperation({ summary: 'Import a BPMN 2.0 file from a modeling tool (bytes in base64) as a process artifact; refusals are 400 with details.reason' })
  @ApiContract({ body: 'ImportProcessRequest', ok: 201, reply: 'ImportProcessReply', errors: [...E, 409, 423] })
  import(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<ImportProcessReply> {
    return this.upstream.callAs(req, CatalogSubjects.processImport, validateRequest(ImportProcessRequest, params, body));
  }
}
