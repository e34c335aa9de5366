import { CatalogErrorCodes, type ArtifactKind, type CommitReply, type CommitRequest } from '@fleet/contracts-catalog';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { CatalogAccess, type Caller } from '../access/catalog-access';
import { Artifact, ArtifactLock, ArtifactVersion, CatalogProject, Commit } from '../store/catalog.entities';
import { chunks } from '../store/chunks';
import { normalizeContent, sha256 } from '../validation/content';
import { refKey } from '../validation/findings';
import { validateCommit, type ResultingArtifact, type TouchedArtifact } from '../validation/validate-commit';

/** A change with its content already normalized (canonical JSON / XML text). */
interface PreparedChange {
  index: number;
  op: 'add' | 'update' | 'remove';
  artifactId: string;
  kind?: ArtifactKind;
  name?: string;
  displayName?: string;
  content?: string;
}

/** What validation leaves for the write: references to store, warnings, the resulting artifacts by id. */
interface Validated {
  refs: Map<string, string[]>;
  warnings: string[];
  resulting: Map<string, ResultingArtifact>;
}

/** Two first commits of a project raced to insert its head row: run the loser again. */
class HeadMoved extends Error {}

const MAX_ATTEMPTS = 5;

const validation = (message: string, path: string, reason: string) => new FleetError(CatalogErrorCodes.VALIDATION, message, { fields: [{ path, reason }] });

function prepare(req: CommitRequest): PreparedChange[] {
  const seen = new Set<string>();
  return req.changes.map((c, index) => {
    const artifactId = c.artifactId ?? randomUUID();
    if (seen.has(artifactId)) throw validation(`changes.${index}.artifactId appears twice in the commit`, `changes.${index}.artifactId`, 'one change per artifact and commit');
    seen.add(artifactId);
    const content = c.content === undefined || c.op === 'remove' ? undefined : c.kind ? normalizeContent(c.kind, c.content, `changes.${index}.content`) : c.content;
    return { index, op: c.op, artifactId, kind: c.kind, name: c.name, displayName: c.displayName, content: content as string | undefined };
  });
}

type Listed = { artifactId: string; kind: string; name: string; version?: number; reason: string };

/**
 * Commits (change sets) on a project. One transaction per commit; the project's head row is claimed
 * first with a conditional update, so commits of one project are totally ordered on every engine.
 */
@Injectable()
export class CommitService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    private readonly access: CatalogAccess,
  ) {}

  async commit(caller: Caller, req: CommitRequest): Promise<CommitReply> {
    await this.access.require(caller, 'project.collaborate', req.projectId);
    const changes = prepare(req);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.ds.transaction((m) => this.commitOnce(m, caller, req, changes));
      } catch (err) {
        if (!(err instanceof HeadMoved) || attempt >= MAX_ATTEMPTS) throw err instanceof HeadMoved ? new FleetError(CatalogErrorCodes.CONFLICT, 'the project is changing too fast: try again', { artifacts: [] }) : err;
      }
    }
  }

  /**
   * Claims version head+1: an increment of the project's head row, which also holds that row's lock
   * until the commit ends (concurrent commits of the project wait here, on PostgreSQL and SQL Server;
   * SQLite runs one transaction at a time). The first commit of a project inserts the row; a
   * concurrent first commit loses on the primary key and runs again.
   */
  private async claimNextVersion(m: EntityManager, caller: Caller, projectId: string, parentVersion: number): Promise<number> {
    const bumped = await m.increment(CatalogProject, { projectId }, 'headVersion', 1);
    const project = bumped.affected ? await m.findOne(CatalogProject, { where: { projectId } }) : null;
    if (project && project.companyId !== caller.principal.companyId) throw new FleetError(CatalogErrorCodes.NOT_FOUND, `project ${projectId} not found`);
    const head = project ? project.headVersion - 1 : 0;
    if (parentVersion > head) throw validation(`parentVersion ${parentVersion} is newer than the head (${head})`, 'parentVersion', `at most ${head}`);
    if (project) {
      await m.update(CatalogProject, { projectId }, { updatedAt: new Date() });
      return project.headVersion;
    }
    try {
      await m.insert(CatalogProject, { projectId, companyId: caller.principal.companyId, headVersion: 1, updatedAt: new Date() });
    } catch (err) {
      throw new HeadMoved('first commit raced', { cause: err });
    }
    return 1;
  }

  private async commitOnce(m: EntityManager, caller: Caller, req: CommitRequest, changes: PreparedChange[]): Promise<CommitReply> {
    const version = await this.claimNextVersion(m, caller, req.projectId, req.parentVersion);
    const head = await m.find(Artifact, { where: { projectId: req.projectId }, select: { id: true, kind: true, name: true, refs: true, version: true, displayName: true, contentHash: true } });
    const byId = new Map(head.map((a) => [a.id, a]));
    await this.checkTargets(m, req, changes, byId);
    await this.checkLocks(m, caller, req.projectId, changes);
    const resulting = await this.resultingHead(m, req.projectId, head, changes);
    const validated = await this.validate(m, req, changes, byId, resulting);
    return this.write(m, caller, req, changes, byId, version, validated);
  }

  /** 409 when a touched artifact changed after the parent (or a name is taken); 400 when an updated artifact never existed. */
  private async checkTargets(m: EntityManager, req: CommitRequest, changes: PreparedChange[], byId: Map<string, Artifact>): Promise<void> {
    const conflicts: Listed[] = [];
    const missing = changes.filter((c) => c.op !== 'add' && !byId.has(c.artifactId));
    const removed = missing.length ? await m.find(ArtifactVersion, { where: { projectId: req.projectId, artifactId: In(missing.map((c) => c.artifactId)) }, select: { artifactId: true, version: true, kind: true, name: true, change: true } }) : [];
    for (const c of missing) {
      const last = removed.filter((v) => v.artifactId === c.artifactId).sort((a, b) => b.version - a.version)[0];
      if (!last) throw validation(`changes.${c.index}.artifactId: no artifact ${c.artifactId} in this project`, `changes.${c.index}.artifactId`, 'no such artifact');
      conflicts.push({ artifactId: c.artifactId, kind: last.kind, name: last.name, version: last.version, reason: 'removed since the parent version' });
    }
    for (const c of changes.filter((x) => x.op !== 'add' && byId.has(x.artifactId))) {
      const a = byId.get(c.artifactId) as Artifact;
      if (a.version > req.parentVersion) conflicts.push({ artifactId: a.id, kind: a.kind, name: a.name, version: a.version, reason: `changed in version ${a.version}, after the parent version ${req.parentVersion}` });
    }
    conflicts.push(...this.nameClashes(changes, byId));
    if (conflicts.length > 0) {
      throw new FleetError(CatalogErrorCodes.CONFLICT, `${conflicts.length} artifact(s) changed since version ${req.parentVersion}: update and merge, then commit again`, { artifacts: conflicts });
    }
  }

  /** Adds with an id that exists, and adds or renames onto a (kind, name) another artifact holds. */
  private nameClashes(changes: PreparedChange[], byId: Map<string, Artifact>): Listed[] {
    const out: Listed[] = [];
    const leaving = new Set(changes.filter((c) => c.op === 'remove' || (c.op === 'update' && c.name !== undefined)).map((c) => c.artifactId));
    const taken = new Map<string, Artifact>([...byId.values()].filter((a) => !leaving.has(a.id)).map((a) => [refKey(a.kind, a.name), a]));
    const claimed = new Set(taken.keys());
    for (const c of changes.filter((x) => x.op === 'add' || (x.op === 'update' && x.name !== undefined))) {
      if (c.op === 'add' && byId.has(c.artifactId)) {
        out.push({ artifactId: c.artifactId, kind: c.kind as string, name: c.name as string, reason: 'an artifact with this id exists' });
        continue;
      }
      const kind = (c.kind ?? byId.get(c.artifactId)?.kind) as string;
      const key = refKey(kind as ArtifactKind, c.name as string);
      const holder = taken.get(key);
      if (claimed.has(key)) out.push({ artifactId: holder?.id ?? c.artifactId, kind, name: c.name as string, version: holder?.version, reason: `the name ${String(c.name)} is taken by another ${kind}` });
      claimed.add(key);
    }
    return out;
  }

  /** 423 when someone else holds a touched artifact checked out. */
  private async checkLocks(m: EntityManager, caller: Caller, projectId: string, changes: PreparedChange[]): Promise<void> {
    const ids = changes.filter((c) => c.op !== 'add').map((c) => c.artifactId);
    const locks: ArtifactLock[] = [];
    for (const part of chunks(ids, 500)) locks.push(...(await m.find(ArtifactLock, { where: { projectId, artifactId: In(part) } })));
    const others = locks.filter((l) => l.holderId !== caller.principal.sub);
    if (others.length > 0) {
      const artifacts = others.map((l) => ({ artifactId: l.artifactId, holderId: l.holderId, holderName: l.holderName, since: l.since.toISOString() }));
      throw new FleetError(CatalogErrorCodes.LOCKED, `${others.length} artifact(s) are checked out by someone else (${others.map((l) => l.holderName).join(', ')})`, { artifacts });
    }
  }

  /** The head as the commit would leave it, with the contents validation reads (touched artifacts and entities). */
  private async resultingHead(m: EntityManager, projectId: string, head: Artifact[], changes: PreparedChange[]): Promise<Map<string, ResultingArtifact>> {
    const byId = new Map<string, ResultingArtifact>(head.map((a) => [a.id, { id: a.id, kind: a.kind, name: a.name, content: '' }]));
    const needContent = [...head.filter((a) => a.kind === 'entity').map((a) => a.id), ...changes.filter((c) => c.op === 'update' && c.content === undefined).map((c) => c.artifactId)];
    for (const part of chunks([...new Set(needContent)], 500)) {
      for (const a of await m.find(Artifact, { where: { projectId, id: In(part) }, select: { id: true, content: true } })) (byId.get(a.id) as ResultingArtifact).content = a.content;
    }
    for (const c of changes) {
      if (c.op === 'remove') byId.delete(c.artifactId);
      else if (c.op === 'add') byId.set(c.artifactId, { id: c.artifactId, kind: c.kind as ArtifactKind, name: c.name as string, content: c.content as string });
      else {
        const a = byId.get(c.artifactId) as ResultingArtifact;
        byId.set(c.artifactId, { ...a, name: c.name ?? a.name, content: c.content !== undefined ? normalizeContent(a.kind, c.content, `changes.${c.index}.content`) : a.content });
      }
    }
    return new Map([...byId.values()].map((a) => [refKey(a.kind, a.name), a]));
  }

  private async validate(m: EntityManager, req: CommitRequest, changes: PreparedChange[], before: Map<string, Artifact>, resulting: Map<string, ResultingArtifact>): Promise<Validated> {
    const afterById = new Map([...resulting.values()].map((a) => [a.id, a]));
    const touchedIds = changes.filter((c) => c.op !== 'remove' && (c.op === 'add' || c.content !== undefined || c.name !== undefined)).map((c) => c.artifactId);
    const entityBefore = new Map<string, string>();
    const entityIds = touchedIds.filter((id) => before.get(id)?.kind === 'entity');
    for (const part of chunks(entityIds, 500)) for (const a of await m.find(Artifact, { where: { projectId: req.projectId, id: In(part) }, select: { id: true, content: true } })) entityBefore.set(a.id, a.content);
    const touched: TouchedArtifact[] = touchedIds.map((id) => {
      const b = before.get(id);
      return { after: afterById.get(id) as ResultingArtifact, before: b && entityBefore.has(id) ? { id, kind: b.kind, name: b.name, content: entityBefore.get(id) as string } : undefined };
    });
    const gone = new Set<string>();
    for (const c of changes.filter((x) => x.op !== 'add')) {
      const b = before.get(c.artifactId);
      const key = b ? refKey(b.kind, b.name) : undefined;
      if (key && !resulting.has(key)) gone.add(key);
    }
    const untouched = gone.size ? [...before.values()].filter((a) => !touchedIds.includes(a.id) && resulting.get(refKey(a.kind, a.name))?.id === a.id).map((a) => ({ artifact: { id: a.id, kind: a.kind, name: a.name, content: '' }, refs: a.refs ?? [] })) : [];
    const result = await validateCommit(touched, resulting, untouched, gone, req.allowBreakingChanges === true);
    if (result.errors.length > 0) {
      throw new FleetError(CatalogErrorCodes.VALIDATION, `the commit does not validate: ${result.errors.length} error(s), first: ${result.errors[0].name}${result.errors[0].elementId ? ` (${result.errors[0].elementId})` : ''}: ${result.errors[0].message}`, { errors: result.errors });
    }
    return { refs: result.refs, warnings: result.warnings, resulting: afterById };
  }

  private async write(m: EntityManager, caller: Caller, req: CommitRequest, changes: PreparedChange[], before: Map<string, Artifact>, version: number, pending: Validated): Promise<CommitReply> {
    const now = new Date();
    const { sub } = caller.principal;
    const commit: Commit = { id: randomUUID(), companyId: caller.principal.companyId, projectId: req.projectId, version, parentVersion: req.parentVersion, authorId: sub, authorName: req.authorName ?? sub, message: req.message, added: 0, changed: 0, removed: 0, createdAt: now };
    const rows = changes.map((c) => rowsOf(c, before.get(c.artifactId), pending, commit));
    for (const r of rows) commit[r.version.change] += 1;
    await m.insert(Commit, commit);
    for (const part of chunks(rows.map((r) => r.version))) await insertMany(m, ArtifactVersion, part);
    for (const part of chunks(rows.filter((r) => r.op === 'add').map((r) => r.head as Artifact))) await insertMany(m, Artifact, part);
    for (const r of rows.filter((x) => x.op === 'update')) {
      const a = r.head as Artifact;
      await m.update(Artifact, { id: a.id, projectId: req.projectId }, { name: a.name, displayName: a.displayName, content: a.content, contentHash: a.contentHash, refs: a.refs, version, changedBy: sub, changedAt: now });
    }
    const removed = changes.filter((c) => c.op === 'remove').map((c) => c.artifactId);
    for (const part of chunks(removed, 500)) {
      await m.delete(Artifact, { projectId: req.projectId, id: In(part) });
      await m.delete(ArtifactLock, { projectId: req.projectId, artifactId: In(part) });
    }
    if (!req.keepLocks) await releaseOwnLocks(m, req.projectId, sub, changes);
    return {
      id: commit.id,
      projectId: req.projectId,
      version,
      parentVersion: req.parentVersion,
      authorId: sub,
      authorName: commit.authorName,
      message: req.message,
      createdAt: now.toISOString(),
      changes: rows.map((r) => ({ artifactId: r.version.artifactId, kind: r.version.kind, name: r.version.name, change: r.version.change })),
      warnings: pending.warnings,
    };
  }
}

/** The author's locks on what the commit touched are checked in with it. */
async function releaseOwnLocks(m: EntityManager, projectId: string, holderId: string, changes: PreparedChange[]): Promise<void> {
  const touched = new Set(changes.map((c) => c.artifactId));
  const held = (await m.find(ArtifactLock, { where: { projectId, holderId }, select: { artifactId: true } })).filter((l) => touched.has(l.artifactId));
  for (const part of chunks(held.map((l) => l.artifactId), 500)) await m.delete(ArtifactLock, { projectId, holderId, artifactId: In(part) });
}

/** A multi-row insert that does not read anything back (TypeORM's `insert` re-reads generated values row by row). */
async function insertMany<T extends object>(m: EntityManager, target: new () => T, rows: T[]): Promise<void> {
  await m.createQueryBuilder().insert().into(target).values(rows as never).updateEntity(false).execute();
}

const CHANGE_OF = { add: 'added', update: 'changed', remove: 'removed' } as const;

/** The version row of one change and, unless it removes, the artifact's new head row. */
function rowsOf(c: PreparedChange, b: Artifact | undefined, pending: Validated, commit: Commit): { op: PreparedChange['op']; version: ArtifactVersion; head?: Artifact } {
  const after = pending.resulting.get(c.artifactId);
  const change = CHANGE_OF[c.op];
  const prior = b ?? { kind: c.kind as ArtifactKind, name: after?.name as string, displayName: undefined, refs: [] as string[] };
  const kind = prior.kind;
  const name = after?.name ?? prior.name;
  const displayName = c.displayName ?? prior.displayName ?? name;
  const hash = after ? sha256(after.content) : null;
  const base = { companyId: commit.companyId, projectId: commit.projectId };
  const version: ArtifactVersion = { ...base, id: randomUUID(), artifactId: c.artifactId, version: commit.version, commitId: commit.id, change, kind, name, displayName, content: after?.content ?? null, contentHash: hash };
  if (!after) return { op: c.op, version };
  const head: Artifact = { ...base, id: c.artifactId, kind, name, displayName, content: after.content, contentHash: hash as string, refs: pending.refs.get(c.artifactId) ?? prior.refs, version: commit.version, changedBy: commit.authorId, changedAt: commit.createdAt };
  return { op: c.op, version, head };
}
