import { healthCheckSubject } from '@fleet/contracts-fleet';

/** The service name: NATS queue group, subject root and error-code prefix. */
export const CATALOG_SERVICE = 'catalog';

/**
 * Request subjects of the catalog service (`catalog.<entity>.<verb>`). Every one takes the caller's
 * token: `project.read` to read, `project.collaborate` to change, `project.manage` to force-release.
 */
export const CatalogSubjects = {
  /** Measured readiness (NATS, database, migrations). Request: HealthCheckRequest, reply: HealthCheckReply. */
  healthCheck: healthCheckSubject('catalog'),
  /** The project's metadata as a tag froze it (deployment packages it). TagSnapshotRequest → TagSnapshotReply. Callable by project members and by services on a member's behalf. */
  tagSnapshot: 'catalog.tag.snapshot',
  /** ListArtifactsRequest → ArtifactListReply (head or any version; no contents). */
  artifactList: 'catalog.artifact.list',
  /** GetArtifactRequest → ArtifactReply (with content, lock and whether the caller may edit). */
  artifactGet: 'catalog.artifact.get',
  /** ArtifactHistoryRequest → ArtifactHistoryReply (every version of one artifact). */
  artifactHistory: 'catalog.artifact.history',
  /** CommitRequest → CommitReply; 409 on a stale overlapping parent, 423 on someone else's lock, 400 on validation. */
  commitCreate: 'catalog.commit.create',
  /** ListCommitsRequest → CommitListReply (the project's history, newest first). */
  commitList: 'catalog.commit.list',
  /** DiffRequest → DiffReply (between any two versions). */
  diffGet: 'catalog.diff.get',
  /** LockRequest → LockReply (check-out; 423 when someone else holds it). */
  lockTake: 'catalog.lock.take',
  /** LockRequest → LockReleasedReply (the holder checks in without a commit). */
  lockRelease: 'catalog.lock.release',
  /** LockRequest → LockReleasedReply (project owners: `project.manage`). */
  lockForceRelease: 'catalog.lock.force-release',
  /** ListLocksRequest → LockListReply. */
  lockList: 'catalog.lock.list',
  /** CreateTagRequest → TagReply (an immutable name for a version; 423 while anything is checked out). */
  tagCreate: 'catalog.tag.create',
  /** ListTagsRequest → TagListReply. */
  tagList: 'catalog.tag.list',
  /** ImportProcessRequest → ImportProcessReply (a BPMN file from a modeling tool, committed as a `process`). */
  processImport: 'catalog.process.import',
} as const;

/** Event subjects of the catalog service (past tense), the subjects of its JetStream stream. */
export const CatalogEvents = {} as const;

/** Every event subject, for the stream definition. */
export const CATALOG_EVENT_SUBJECTS: readonly string[] = Object.values(CatalogEvents);
