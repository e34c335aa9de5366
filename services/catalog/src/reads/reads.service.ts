import {
  CatalogErrorCodes,
  type ArtifactHistoryReply,
  type ArtifactKind,
  type ArtifactListReply,
  type ArtifactReply,
  type CommitListReply,
  type DiffEntry,
  type DiffReply,
  type DiffRequest,
  type GetArtifactRequest,
  type ListArtifactsRequest,
  type ListCommitsRequest,
  type LockReply,
} from '@fleet/contracts-catalog';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { In, LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { CatalogAccess, type Caller } from '../access/catalog-access';
import { Artifact, ArtifactLock, ArtifactVersion, CatalogProject, Commit } from '../store/catalog.entities';
import { chunks } from '../store/chunks';

/** One artifact as it was at some version (its latest version row at or before it). */
export interface ArtifactState {
  versionRowId: string;
  artifactId: string;
  kind: ArtifactKind;
  name: string;
  displayName: string;
  contentHash: string;
  version: number;
  commitId: string;
}

export const toLockReply = (l: ArtifactLock): LockReply => ({ projectId: l.projectId, artifactId: l.artifactId, holderId: l.holderId, holderName: l.holderName, since: l.since.toISOString() });

/** Reading a project's catalog: artifacts at any version, history, commits, diffs. */
@Injectable()
export class ReadsService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    private readonly access: CatalogAccess,
  ) {}

  /** The head version of a project of the caller's company (0 when nothing was committed). */
  async headVersion(caller: Caller, projectId: string, m: EntityManager = this.ds.manager): Promise<number> {
    const p = await m.findOne(CatalogProject, { where: { projectId, companyId: caller.principal.companyId } });
    return p?.headVersion ?? 0;
  }

  private async versionOrHead(caller: Caller, projectId: string, version: number | undefined): Promise<{ version: number; head: number }> {
    const head = await this.headVersion(caller, projectId);
    if (version !== undefined && version > head) throw new FleetError(CatalogErrorCodes.NOT_FOUND, `version ${version} does not exist (head is ${head})`);
    return { version: version ?? head, head };
  }

  /** The state of every artifact at `version`, by artifact id (removed ones left out). */
  async stateAt(caller: Caller, projectId: string, version: number): Promise<Map<string, ArtifactState>> {
    const rows = await this.ds.manager.find(ArtifactVersion, {
      where: { projectId, companyId: caller.principal.companyId, version: LessThanOrEqual(version) },
      select: { id: true, artifactId: true, version: true, change: true, kind: true, name: true, displayName: true, contentHash: true, commitId: true },
    });
    const latest = new Map<string, ArtifactVersion>();
    for (const r of rows) if ((latest.get(r.artifactId)?.version ?? -1) < r.version) latest.set(r.artifactId, r);
    const out = new Map<string, ArtifactState>();
    for (const r of latest.values()) {
      if (r.change === 'removed') continue;
      out.set(r.artifactId, { versionRowId: r.id, artifactId: r.artifactId, kind: r.kind, name: r.name, displayName: r.displayName, contentHash: r.contentHash as string, version: r.version, commitId: r.commitId });
    }
    return out;
  }

  /** The contents of version rows, by row id. */
  async contentsOf(rowIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks(rowIds, 500)) for (const r of await this.ds.manager.find(ArtifactVersion, { where: { id: In(part) }, select: { id: true, content: true } })) out.set(r.id, r.content ?? '');
    return out;
  }

  private async locksOf(projectId: string): Promise<Map<string, ArtifactLock>> {
    return new Map((await this.ds.manager.find(ArtifactLock, { where: { projectId } })).map((l) => [l.artifactId, l]));
  }

  async list(caller: Caller, req: ListArtifactsRequest): Promise<ArtifactListReply> {
    await this.access.require(caller, 'project.read', req.projectId);
    const { version } = await this.versionOrHead(caller, req.projectId, req.version);
    const locks = await this.locksOf(req.projectId);
    const items = [...(await this.stateAt(caller, req.projectId, version)).values()]
      .filter((s) => !req.kind || s.kind === req.kind)
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name))
      .map((s) => {
        const l = locks.get(s.artifactId);
        return { id: s.artifactId, kind: s.kind, name: s.name, displayName: s.displayName, contentHash: s.contentHash, version: s.version, lock: l ? toLockReply(l) : null };
      });
    return { projectId: req.projectId, version, items };
  }

  async get(caller: Caller, req: GetArtifactRequest): Promise<ArtifactReply> {
    await this.access.require(caller, 'project.read', req.projectId);
    const { version, head } = await this.versionOrHead(caller, req.projectId, req.version);
    const lock = await this.ds.manager.findOne(ArtifactLock, { where: { projectId: req.projectId, artifactId: req.artifactId } });
    const lockReply = lock ? toLockReply(lock) : null;
    const editable = version === head && (!lock || lock.holderId === caller.principal.sub);
    if (version === head) {
      const a = await this.ds.manager.findOne(Artifact, { where: { id: req.artifactId, projectId: req.projectId, companyId: caller.principal.companyId } });
      if (!a) throw new FleetError(CatalogErrorCodes.NOT_FOUND, `artifact ${req.artifactId} not found`);
      return { id: a.id, projectId: a.projectId, kind: a.kind, name: a.name, displayName: a.displayName, content: a.content, contentHash: a.contentHash, version: a.version, changedBy: a.changedBy, changedAt: a.changedAt.toISOString(), lock: lockReply, editable };
    }
    const s = (await this.stateAt(caller, req.projectId, version)).get(req.artifactId);
    if (!s) throw new FleetError(CatalogErrorCodes.NOT_FOUND, `artifact ${req.artifactId} not found at version ${version}`);
    const content = (await this.contentsOf([s.versionRowId])).get(s.versionRowId) ?? '';
    const commit = await this.ds.manager.findOne(Commit, { where: { id: s.commitId } });
    return { id: s.artifactId, projectId: req.projectId, kind: s.kind, name: s.name, displayName: s.displayName, content, contentHash: s.contentHash, version: s.version, changedBy: commit?.authorId ?? '', changedAt: (commit?.createdAt ?? new Date(0)).toISOString(), lock: lockReply, editable };
  }

  async history(caller: Caller, projectId: string, artifactId: string): Promise<ArtifactHistoryReply> {
    await this.access.require(caller, 'project.read', projectId);
    const rows = await this.ds.manager.find(ArtifactVersion, {
      where: { projectId, artifactId, companyId: caller.principal.companyId },
      select: { id: true, version: true, commitId: true, change: true, name: true, displayName: true, contentHash: true },
      order: { version: 'DESC' },
    });
    if (rows.length === 0) throw new FleetError(CatalogErrorCodes.NOT_FOUND, `artifact ${artifactId} not found`);
    const commits = new Map((await this.ds.manager.find(Commit, { where: { id: In(rows.map((r) => r.commitId)) } })).map((c) => [c.id, c]));
    return {
      artifactId,
      items: rows.map((r) => {
        const c = commits.get(r.commitId) as Commit;
        return { version: r.version, commitId: r.commitId, change: r.change, name: r.name, displayName: r.displayName, contentHash: r.contentHash, author: c.authorName, message: c.message, createdAt: c.createdAt.toISOString() };
      }),
    };
  }

  async commits(caller: Caller, req: ListCommitsRequest): Promise<CommitListReply> {
    await this.access.require(caller, 'project.read', req.projectId);
    const where = { projectId: req.projectId, companyId: caller.principal.companyId };
    const [rows, total] = await this.ds.manager.findAndCount(Commit, { where, order: { version: 'DESC' }, take: req.limit ?? 100, skip: req.offset ?? 0 });
    return {
      headVersion: await this.headVersion(caller, req.projectId),
      total,
      items: rows.map((c) => ({ id: c.id, version: c.version, parentVersion: c.parentVersion, authorId: c.authorId, authorName: c.authorName, message: c.message, added: c.added, changed: c.changed, removed: c.removed, createdAt: c.createdAt.toISOString() })),
    };
  }

  async diff(caller: Caller, req: DiffRequest): Promise<DiffReply> {
    await this.access.require(caller, 'project.read', req.projectId);
    const head = await this.headVersion(caller, req.projectId);
    for (const [field, v] of [['from', req.from], ['to', req.to]] as const) {
      if (v > head) throw new FleetError(CatalogErrorCodes.VALIDATION, `${field} ${v} is after the head (${head})`, { fields: [{ path: field, reason: `at most ${head}` }] });
    }
    const [a, b] = await Promise.all([this.stateAt(caller, req.projectId, req.from), this.stateAt(caller, req.projectId, req.to)]);
    const entries: DiffEntry[] = [];
    const side = (s: ArtifactState) => ({ name: s.name, displayName: s.displayName, contentHash: s.contentHash, version: s.version });
    for (const [id, before] of a) {
      const after = b.get(id);
      if (!after) entries.push({ artifactId: id, kind: before.kind, change: 'removed', fields: [], before: side(before), after: null });
      else if (after.versionRowId !== before.versionRowId) {
        const fields = (['name', 'displayName', 'contentHash'] as const).filter((f) => before[f] !== after[f]).map((f) => (f === 'contentHash' ? 'content' : f));
        if (fields.length > 0) entries.push({ artifactId: id, kind: after.kind, change: 'changed', fields, before: side(before), after: side(after) });
      }
    }
    for (const [id, after] of b) if (!a.has(id)) entries.push({ artifactId: id, kind: after.kind, change: 'added', fields: [], before: null, after: side(after) });
    entries.sort((x, y) => x.kind.localeCompare(y.kind) || (x.after ?? x.before)!.name.localeCompare((y.after ?? y.before)!.name));
    if (req.includeContent) await this.attachContents(entries, a, b);
    const count = (c: string) => entries.filter((e) => e.change === c).length;
    return { projectId: req.projectId, from: req.from, to: req.to, added: count('added'), removed: count('removed'), changed: count('changed'), entries };
  }

  private async attachContents(entries: DiffEntry[], a: Map<string, ArtifactState>, b: Map<string, ArtifactState>): Promise<void> {
    const ids = entries.flatMap((e) => [a.get(e.artifactId)?.versionRowId, b.get(e.artifactId)?.versionRowId]).filter((x): x is string => !!x);
    const contents = await this.contentsOf([...new Set(ids)]);
    for (const e of entries) {
      if (e.before) e.before.content = contents.get(a.get(e.artifactId)?.versionRowId ?? '');
      if (e.after) e.after.content = contents.get(b.get(e.artifactId)?.versionRowId ?? '');
    }
  }
}
