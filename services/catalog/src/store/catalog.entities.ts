import type { ArtifactKind } from '@fleet/contracts-catalog';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** A project as the catalog knows it: its head version (bumped by a conditional update per commit). */
export class CatalogProject {
  projectId!: string;
  companyId!: string;
  headVersion!: number;
  updatedAt!: Date;
}

/** One change set: version N of a project. */
export class Commit {
  id!: string;
  companyId!: string;
  projectId!: string;
  version!: number;
  parentVersion!: number;
  authorId!: string;
  authorName!: string;
  message!: string;
  added!: number;
  changed!: number;
  removed!: number;
  createdAt!: Date;
}

/** The head state of one artifact (removed artifacts have no row here, only versions). */
export class Artifact {
  id!: string;
  companyId!: string;
  projectId!: string;
  kind!: ArtifactKind;
  name!: string;
  displayName!: string;
  content!: string;
  contentHash!: string;
  /** What it references, as `kind:name` keys (checked when a referenced artifact is removed or renamed). */
  refs!: string[];
  /** The project version of its last change. */
  version!: number;
  changedBy!: string;
  changedAt!: Date;
}

/** One version of one artifact: what a commit made of it (full content, so any version reads without replay). */
export class ArtifactVersion {
  id!: string;
  companyId!: string;
  projectId!: string;
  artifactId!: string;
  version!: number;
  commitId!: string;
  change!: 'added' | 'changed' | 'removed';
  kind!: ArtifactKind;
  name!: string;
  displayName!: string;
  content!: string | null;
  contentHash!: string | null;
}

/** A check-out: one holder per artifact. */
export class ArtifactLock {
  artifactId!: string;
  companyId!: string;
  projectId!: string;
  holderId!: string;
  holderName!: string;
  since!: Date;
}

/** A named, immutable version. */
export class Tag {
  id!: string;
  companyId!: string;
  projectId!: string;
  name!: string;
  version!: number;
  commitId!: string;
  message!: string;
  createdBy!: string;
  createdAt!: Date;
}

const projectDef: EntityDefinition<CatalogProject> = {
  target: CatalogProject,
  table: 'catalog_projects',
  columns: {
    projectId: { column: 'project_id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    headVersion: { column: 'head_version', kind: col.int() },
    updatedAt: { column: 'updated_at', kind: col.timestamp() },
  },
};

const commitDef: EntityDefinition<Commit> = {
  target: Commit,
  table: 'commits',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    projectId: { column: 'project_id', kind: col.id() },
    version: { column: 'version', kind: col.int() },
    parentVersion: { column: 'parent_version', kind: col.int() },
    authorId: { column: 'author_id', kind: col.string(64) },
    authorName: { column: 'author_name', kind: col.string(120) },
    message: { column: 'message', kind: col.string(500) },
    added: { column: 'added', kind: col.int() },
    changed: { column: 'changed', kind: col.int() },
    removed: { column: 'removed', kind: col.int() },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
  indices: [{ name: 'ux_commits_project_version', columns: ['projectId', 'version'], unique: true }],
};

const artifactDef: EntityDefinition<Artifact> = {
  target: Artifact,
  table: 'artifacts',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    projectId: { column: 'project_id', kind: col.id() },
    kind: { column: 'kind', kind: col.string(20) },
    name: { column: 'name', kind: col.string(80) },
    displayName: { column: 'display_name', kind: col.string(200) },
    content: { column: 'content', kind: col.text() },
    contentHash: { column: 'content_hash', kind: col.string(64) },
    refs: { column: 'refs', kind: col.json() },
    version: { column: 'version', kind: col.int() },
    changedBy: { column: 'changed_by', kind: col.string(64) },
    changedAt: { column: 'changed_at', kind: col.timestamp() },
  },
  indices: [{ name: 'ux_artifacts_project_kind_name', columns: ['projectId', 'kind', 'name'], unique: true }],
};

const versionDef: EntityDefinition<ArtifactVersion> = {
  target: ArtifactVersion,
  table: 'artifact_versions',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    projectId: { column: 'project_id', kind: col.id() },
    artifactId: { column: 'artifact_id', kind: col.id() },
    version: { column: 'version', kind: col.int() },
    commitId: { column: 'commit_id', kind: col.id() },
    change: { column: 'change', kind: col.string(10) },
    kind: { column: 'kind', kind: col.string(20) },
    name: { column: 'name', kind: col.string(80) },
    displayName: { column: 'display_name', kind: col.string(200) },
    content: { column: 'content', kind: col.text(), nullable: true },
    contentHash: { column: 'content_hash', kind: col.string(64), nullable: true },
  },
  indices: [
    { name: 'ux_artifact_versions_artifact_version', columns: ['artifactId', 'version'], unique: true },
    { name: 'ix_artifact_versions_project_version', columns: ['projectId', 'version'] },
  ],
};

const lockDef: EntityDefinition<ArtifactLock> = {
  target: ArtifactLock,
  table: 'artifact_locks',
  columns: {
    artifactId: { column: 'artifact_id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    projectId: { column: 'project_id', kind: col.id() },
    holderId: { column: 'holder_id', kind: col.string(64) },
    holderName: { column: 'holder_name', kind: col.string(120) },
    since: { column: 'since', kind: col.timestamp() },
  },
  indices: [{ name: 'ix_artifact_locks_project', columns: ['projectId'] }],
};

const tagDef: EntityDefinition<Tag> = {
  target: Tag,
  table: 'tags',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    projectId: { column: 'project_id', kind: col.id() },
    name: { column: 'name', kind: col.string(64) },
    version: { column: 'version', kind: col.int() },
    commitId: { column: 'commit_id', kind: col.id() },
    message: { column: 'message', kind: col.string(500) },
    createdBy: { column: 'created_by', kind: col.string(64) },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
  indices: [{ name: 'ux_tags_project_name', columns: ['projectId', 'name'], unique: true }],
};

/** Every entity schema of catalog for one engine. */
export function catalogEntities(d: Dialect): EntitySchema[] {
  return [projectDef, commitDef, artifactDef, versionDef, lockDef, tagDef].map((def) => entitySchema(d, def as EntityDefinition<object>));
}
