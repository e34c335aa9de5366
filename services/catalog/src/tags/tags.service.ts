import { CatalogErrorCodes, type CreateTagRequest, type TagListReply, type TagReply, type TagSnapshotReply, type TagSnapshotRequest } from '@fleet/contracts-catalog';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CatalogAccess, type Caller } from '../access/catalog-access';
import { ReadsService } from '../reads/reads.service';
import { ArtifactLock, Commit, Tag } from '../store/catalog.entities';

const toTagReply = (t: Tag): TagReply => ({ id: t.id, projectId: t.projectId, name: t.name, version: t.version, commitId: t.commitId, message: t.message, createdBy: t.createdBy, createdAt: t.createdAt.toISOString() });

/** Tags: named, immutable versions to deploy from, and the snapshot deployment packages. */
@Injectable()
export class TagsService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    private readonly access: CatalogAccess,
    private readonly reads: ReadsService,
  ) {}

  async create(caller: Caller, req: CreateTagRequest): Promise<TagReply> {
    await this.access.require(caller, 'project.collaborate', req.projectId);
    const head = await this.reads.headVersion(caller, req.projectId);
    if (head === 0) throw new FleetError(CatalogErrorCodes.VALIDATION, 'nothing to tag: the project has no commit yet', { fields: [{ path: 'version', reason: 'no commit yet' }] });
    const version = req.version ?? head;
    if (version > head) throw new FleetError(CatalogErrorCodes.VALIDATION, `version ${version} is after the head (${head})`, { fields: [{ path: 'version', reason: `at most ${head}` }] });
    const locks = await this.ds.manager.find(ArtifactLock, { where: { projectId: req.projectId, companyId: caller.principal.companyId } });
    if (locks.length > 0) {
      throw new FleetError(CatalogErrorCodes.LOCKED, `${locks.length} artifact(s) are checked out: check them in before tagging`, {
        artifacts: locks.map((l) => ({ artifactId: l.artifactId, holderId: l.holderId, holderName: l.holderName, since: l.since.toISOString() })),
      });
    }
    if (await this.ds.manager.findOne(Tag, { where: { projectId: req.projectId, name: req.name } })) throw this.exists(req.name);
    const commit = (await this.ds.manager.findOne(Commit, { where: { projectId: req.projectId, version } })) as Commit;
    const tag: Tag = { id: randomUUID(), companyId: caller.principal.companyId, projectId: req.projectId, name: req.name, version, commitId: commit.id, message: req.message ?? '', createdBy: caller.principal.sub, createdAt: new Date() };
    try {
      await this.ds.manager.insert(Tag, tag);
    } catch (err) {
      if (await this.ds.manager.findOne(Tag, { where: { projectId: req.projectId, name: req.name } })) throw this.exists(req.name);
      throw err;
    }
    return toTagReply(tag);
  }

  private exists(name: string): FleetError {
    return new FleetError(CatalogErrorCodes.CONFLICT, `tag ${name} exists: tags are immutable`, { artifacts: [], fields: [{ path: 'name', reason: 'taken' }] });
  }

  async list(caller: Caller, projectId: string): Promise<TagListReply> {
    await this.access.require(caller, 'project.read', projectId);
    const rows = await this.ds.manager.find(Tag, { where: { projectId, companyId: caller.principal.companyId }, order: { version: 'DESC', name: 'ASC' } });
    return { items: rows.map(toTagReply) };
  }

  /** The whole metadata of the project as the tag froze it, with each content's sha256. */
  async snapshot(caller: Caller, req: TagSnapshotRequest): Promise<TagSnapshotReply> {
    await this.access.require(caller, 'project.read', req.projectId);
    const tag = await this.ds.manager.findOne(Tag, { where: { projectId: req.projectId, name: req.tag, companyId: caller.principal.companyId } });
    if (!tag) throw new FleetError(CatalogErrorCodes.NOT_FOUND, `tag ${req.tag} not found`);
    const state = [...(await this.reads.stateAt(caller, req.projectId, tag.version)).values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
    const contents = await this.reads.contentsOf(state.map((s) => s.versionRowId));
    return {
      projectId: tag.projectId,
      companyId: tag.companyId,
      tag: tag.name,
      commitId: tag.commitId,
      version: tag.version,
      createdAt: tag.createdAt.toISOString(),
      artifacts: state.map((s) => ({ id: s.artifactId, kind: s.kind, name: s.name, displayName: s.displayName, content: contents.get(s.versionRowId) ?? '', contentHash: s.contentHash })),
    };
  }
}
