import { CatalogErrorCodes, type LockListReply, type LockReleasedReply, type LockReply, type TakeLockRequest } from '@fleet/contracts-catalog';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CatalogAccess, type Caller } from '../access/catalog-access';
import { toLockReply } from '../reads/reads.service';
import { Artifact, ArtifactLock } from '../store/catalog.entities';

const lockedBy = (l: ArtifactLock) =>
  new FleetError(CatalogErrorCodes.LOCKED, `checked out by ${l.holderName} since ${l.since.toISOString()}`, { artifacts: [{ artifactId: l.artifactId, holderId: l.holderId, holderName: l.holderName, since: l.since.toISOString() }] });

/**
 * Check-out locks (pessimistic, one holder per artifact): opening an artifact for edit takes it,
 * the holder's commit (or release) gives it back, project owners can force-release.
 */
@Injectable()
export class LocksService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    private readonly access: CatalogAccess,
  ) {}

  async take(caller: Caller, req: TakeLockRequest): Promise<LockReply> {
    await this.access.require(caller, 'project.collaborate', req.projectId);
    const { sub, companyId } = caller.principal;
    const artifact = await this.ds.manager.findOne(Artifact, { where: { id: req.artifactId, projectId: req.projectId, companyId }, select: { id: true } });
    if (!artifact) throw new FleetError(CatalogErrorCodes.NOT_FOUND, `artifact ${req.artifactId} not found`);
    const existing = await this.ds.manager.findOne(ArtifactLock, { where: { artifactId: req.artifactId } });
    if (existing) {
      if (existing.holderId !== sub) throw lockedBy(existing);
      return toLockReply(existing);
    }
    const lock: ArtifactLock = { artifactId: req.artifactId, companyId, projectId: req.projectId, holderId: sub, holderName: req.holderName ?? sub, since: new Date() };
    try {
      await this.ds.manager.insert(ArtifactLock, lock);
    } catch (err) {
      const winner = await this.ds.manager.findOne(ArtifactLock, { where: { artifactId: req.artifactId } });
      if (!winner) throw err;
      if (winner.holderId !== sub) throw lockedBy(winner);
      return toLockReply(winner);
    }
    return toLockReply(lock);
  }

  /** The holder checks in without committing. Someone else's lock is 423 (owners force-release). */
  async release(caller: Caller, projectId: string, artifactId: string): Promise<LockReleasedReply> {
    await this.access.require(caller, 'project.collaborate', projectId);
    const l = await this.ds.manager.findOne(ArtifactLock, { where: { artifactId, projectId, companyId: caller.principal.companyId } });
    if (!l) return { artifactId, released: false };
    if (l.holderId !== caller.principal.sub) throw lockedBy(l);
    const r = await this.ds.manager.delete(ArtifactLock, { artifactId, projectId, holderId: caller.principal.sub });
    return { artifactId, released: (r.affected ?? 0) > 0 };
  }

  async forceRelease(caller: Caller, projectId: string, artifactId: string): Promise<LockReleasedReply> {
    await this.access.require(caller, 'project.manage', projectId);
    const r = await this.ds.manager.delete(ArtifactLock, { artifactId, projectId, companyId: caller.principal.companyId });
    return { artifactId, released: (r.affected ?? 0) > 0 };
  }

  async list(caller: Caller, projectId: string): Promise<LockListReply> {
    await this.access.require(caller, 'project.read', projectId);
    const rows = await this.ds.manager.find(ArtifactLock, { where: { projectId, companyId: caller.principal.companyId }, order: { since: 'ASC' } });
    return { items: rows.map(toLockReply) };
  }
}
