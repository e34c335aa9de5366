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
import type { Principal } from '@fleet/contracts-fleet';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { callerOf } from './access/catalog-access';
import { CommitService } from './commits/commit.service';
import { ImportService } from './import/import.service';
import { LocksService } from './locks/locks.service';
import { ReadsService } from './reads/reads.service';
import { TagsService } from './tags/tags.service';

/** Every request subject of the catalog. Each handler authorizes with platform itself (see CatalogAccess). */
@Controller()
export class CatalogNatsController {
  constructor(
    private readonly reads: ReadsService,
    private readonly commits: CommitService,
    private readonly locks: LocksService,
    private readonly tags: TagsService,
    private readonly imports: ImportService,
  ) {}

  @MessagePattern(CatalogSubjects.artifactList)
  list(@Payload() req: ListArtifactsRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<ArtifactListReply> {
    return this.reads.list(callerOf(p, ctx), req);
  }

  @MessagePattern(CatalogSubjects.artifactGet)
  get(@Payload() req: GetArtifactRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<ArtifactReply> {
    return this.reads.get(callerOf(p, ctx), req);
  }

  @MessagePattern(CatalogSubjects.artifactHistory)
  history(@Payload() req: ArtifactHistoryRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<ArtifactHistoryReply> {
    return this.reads.history(callerOf(p, ctx), req.projectId, req.artifactId);
  }

  @MessagePattern(CatalogSubjects.commitCreate)
  commit(@Payload() req: CommitRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<CommitReply> {
    return this.commits.commit(callerOf(p, ctx), req);
  }

  @MessagePattern(CatalogSubjects.commitList)
  commitList(@Payload() req: ListCommitsRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<CommitListReply> {
    return this.reads.commits(callerOf(p, ctx), req);
  }

  @MessagePattern(CatalogSubjects.diffGet)
  diff(@Payload() req: DiffRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<DiffReply> {
    return this.reads.diff(callerOf(p, ctx), req);
  }

  @MessagePattern(CatalogSubjects.lockTake)
  take(@Payload() req: TakeLockRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<LockReply> {
    return this.locks.take(callerOf(p, ctx), req);
  }

  @MessagePattern(CatalogSubjects.lockRelease)
  release(@Payload() req: LockRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<LockReleasedReply> {
    return this.locks.release(callerOf(p, ctx), req.projectId, req.artifactId);
  }

  @MessagePattern(CatalogSubjects.lockForceRelease)
  forceRelease(@Payload() req: LockRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<LockReleasedReply> {
    return this.locks.forceRelease(callerOf(p, ctx), req.projectId, req.artifactId);
  }

  @MessagePattern(CatalogSubjects.lockList)
  lockList(@Payload() req: ListLocksRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<LockListReply> {
    return this.locks.list(callerOf(p, ctx), req.projectId);
  }

  @MessagePattern(CatalogSubjects.tagCreate)
  tag(@Payload() req: CreateTagRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<TagReply> {
    return this.tags.create(callerOf(p, ctx), req);
  }

  @MessagePattern(CatalogSubjects.tagList)
  tagList(@Payload() req: ListTagsRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<TagListReply> {
    return this.tags.list(callerOf(p, ctx), req.projectId);
  }

  @MessagePattern(CatalogSubjects.tagSnapshot)
  snapshot(@Payload() req: TagSnapshotRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<TagSnapshotReply> {
    return this.tags.snapshot(callerOf(p, ctx), req);
  }

  @MessagePattern(CatalogSubjects.processImport)
  import(@Payload() req: ImportProcessRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<ImportProcessReply> {
    return this.imports.import(callerOf(p, ctx), req);
  }
}
