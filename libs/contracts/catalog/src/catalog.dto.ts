import { PageQuery } from '@fleet/contracts-fleet';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { ARTIFACT_NAME_PATTERN, ArtifactKinds, type ArtifactKind } from './artifact-kinds';

const NAME_MESSAGE = 'name must start with a letter and contain only letters, digits, "_", "." and "-" (at most 80)';
const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** Most changes one commit may carry. */
export const MAX_CHANGES_PER_COMMIT = 5000;

/** Addresses one project's catalog. */
export class ProjectScopedRequest {
  @IsUUID()
  projectId!: string;
}

export class ListArtifactsRequest extends ProjectScopedRequest {
  @IsOptional()
  @IsIn(ArtifactKinds)
  kind?: ArtifactKind;

  /** The project version to list (default: the head). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  version?: number;
}

export class GetArtifactRequest extends ProjectScopedRequest {
  @IsUUID()
  artifactId!: string;

  /** The project version to read it at (default: the head). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  version?: number;
}

export class ArtifactHistoryRequest extends ProjectScopedRequest {
  @IsUUID()
  artifactId!: string;
}

/** Who holds an artifact checked out, since when. */
export class LockReply {
  @IsUUID()
  projectId!: string;
  @IsUUID()
  artifactId!: string;
  @IsString()
  holderId!: string;
  /** The name the holder gave when taking the lock (its user id when none was given). */
  @IsString()
  holderName!: string;
  @IsISO8601()
  since!: string;
}

/** An artifact without its content. */
export class ArtifactSummary {
  @IsUUID()
  id!: string;
  @IsIn(ArtifactKinds)
  kind!: ArtifactKind;
  @IsString()
  name!: string;
  @IsString()
  displayName!: string;
  @IsString()
  contentHash!: string;
  /** The project version of this artifact's last change. */
  @IsInt()
  version!: number;
  @IsOptional()
  @ValidateNested()
  @Type(() => LockReply)
  lock!: LockReply | null;
}

export class ArtifactListReply {
  @IsUUID()
  projectId!: string;
  /** The version listed. */
  @IsInt()
  version!: number;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ArtifactSummary)
  items!: ArtifactSummary[];
}

export class ArtifactReply extends ArtifactSummary {
  @IsUUID()
  projectId!: string;
  /** BPMN XML for `process`, canonical JSON text otherwise. */
  @IsString()
  content!: string;
  @IsString()
  changedBy!: string;
  @IsISO8601()
  changedAt!: string;
  /** False when someone else holds the lock: the caller sees it read-only (see `lock`). */
  @IsBoolean()
  editable!: boolean;
}

export class ArtifactVersionEntry {
  @IsInt()
  version!: number;
  @IsUUID()
  commitId!: string;
  @IsIn(['added', 'changed', 'removed'])
  change!: 'added' | 'changed' | 'removed';
  @IsString()
  name!: string;
  @IsString()
  displayName!: string;
  @IsOptional()
  @IsString()
  contentHash!: string | null;
  @IsString()
  author!: string;
  @IsString()
  message!: string;
  @IsISO8601()
  createdAt!: string;
}

export class ArtifactHistoryReply {
  @IsUUID()
  artifactId!: string;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ArtifactVersionEntry)
  items!: ArtifactVersionEntry[];
}

/** One change of a commit: `add` (kind, name, displayName, content), `update` (artifactId and what changes) or `remove` (artifactId). */
export class ArtifactChange {
  @IsIn(['add', 'update', 'remove'])
  op!: 'add' | 'update' | 'remove';

  @ValidateIf((o: ArtifactChange) => o.op !== 'add' || o.artifactId !== undefined)
  @IsUUID()
  artifactId?: string;

  @ValidateIf((o: ArtifactChange) => o.op === 'add')
  @IsIn(ArtifactKinds)
  kind?: ArtifactKind;

  @ValidateIf((o: ArtifactChange) => o.op === 'add' || o.name !== undefined)
  @IsString()
  @Matches(ARTIFACT_NAME_PATTERN, { message: NAME_MESSAGE })
  name?: string;

  @ValidateIf((o: ArtifactChange) => o.op === 'add' || o.displayName !== undefined)
  @IsString()
  @Length(1, 200)
  displayName?: string;

  /** BPMN XML text for `process`; for the other kinds the JSON object (or its text), stored canonically. */
  @ValidateIf((o: ArtifactChange) => o.op === 'add' || o.content !== undefined)
  @IsDefined()
  content?: string | Record<string, unknown>;
}

/** Request of `catalog.commit.create`: one change set on a project. */
export class CommitRequest extends ProjectScopedRequest {
  /** The version the author's working copy is based on (0 for an empty project). */
  @IsInt()
  @Min(0)
  parentVersion!: number;

  @IsString()
  @Length(1, 500)
  message!: string;

  /** Display name of the author as the client knows it (the author's id comes from the token). */
  @IsOptional()
  @IsString()
  @Length(1, 120)
  authorName?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CHANGES_PER_COMMIT)
  @ValidateNested({ each: true })
  @Type(() => ArtifactChange)
  changes!: ArtifactChange[];

  /** Accept entity changes that would break stored data (they are then returned as warnings). */
  @IsOptional()
  @IsBoolean()
  allowBreakingChanges?: boolean;

  /** Keep the author's locks on the touched artifacts (default: the commit checks them in). */
  @IsOptional()
  @IsBoolean()
  keepLocks?: boolean;
}

export class CommittedChange {
  @IsUUID()
  artifactId!: string;
  @IsIn(ArtifactKinds)
  kind!: ArtifactKind;
  @IsString()
  name!: string;
  @IsIn(['added', 'changed', 'removed'])
  change!: 'added' | 'changed' | 'removed';
}

export class CommitReply {
  @IsUUID()
  id!: string;
  @IsUUID()
  projectId!: string;
  @IsInt()
  version!: number;
  @IsInt()
  parentVersion!: number;
  @IsString()
  authorId!: string;
  @IsString()
  authorName!: string;
  @IsString()
  message!: string;
  @IsISO8601()
  createdAt!: string;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CommittedChange)
  changes!: CommittedChange[];
  /** Findings that did not stop the commit (accepted breaking changes, ...). */
  @IsArray()
  @IsString({ each: true })
  warnings!: string[];
}

export class ListCommitsRequest extends PageQuery {
  @IsUUID()
  projectId!: string;
}

export class CommitSummary {
  @IsUUID()
  id!: string;
  @IsInt()
  version!: number;
  @IsInt()
  parentVersion!: number;
  @IsString()
  authorId!: string;
  @IsString()
  authorName!: string;
  @IsString()
  message!: string;
  @IsInt()
  added!: number;
  @IsInt()
  changed!: number;
  @IsInt()
  removed!: number;
  @IsISO8601()
  createdAt!: string;
}

export class CommitListReply {
  @IsInt()
  headVersion!: number;
  @IsInt()
  total!: number;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CommitSummary)
  items!: CommitSummary[];
}

export class DiffRequest extends ProjectScopedRequest {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  from!: number;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  to!: number;

  /** Include both sides' contents of changed artifacts. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeContent?: boolean;
}

export class DiffSide {
  @IsString()
  name!: string;
  @IsString()
  displayName!: string;
  @IsString()
  contentHash!: string;
  @IsInt()
  version!: number;
  @IsOptional()
  @IsString()
  content?: string;
}

export class DiffEntry {
  @IsUUID()
  artifactId!: string;
  @IsIn(ArtifactKinds)
  kind!: ArtifactKind;
  @IsIn(['added', 'removed', 'changed'])
  change!: 'added' | 'removed' | 'changed';
  /** What changed: any of `name`, `displayName`, `content`. */
  @IsArray()
  @IsString({ each: true })
  fields!: string[];
  @IsOptional()
  @ValidateNested()
  @Type(() => DiffSide)
  before!: DiffSide | null;
  @IsOptional()
  @ValidateNested()
  @Type(() => DiffSide)
  after!: DiffSide | null;
}

export class DiffReply {
  @IsUUID()
  projectId!: string;
  @IsInt()
  from!: number;
  @IsInt()
  to!: number;
  @IsInt()
  added!: number;
  @IsInt()
  removed!: number;
  @IsInt()
  changed!: number;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DiffEntry)
  entries!: DiffEntry[];
}

export class LockRequest extends ProjectScopedRequest {
  @IsUUID()
  artifactId!: string;
}

export class TakeLockRequest extends LockRequest {
  /** The holder's name as others will see it (default: the holder's user id). */
  @IsOptional()
  @IsString()
  @Length(1, 120)
  holderName?: string;
}

export class LockReleasedReply {
  @IsUUID()
  artifactId!: string;
  /** False when there was no lock to release. */
  @IsBoolean()
  released!: boolean;
}

export class ListLocksRequest extends ProjectScopedRequest {}

export class LockListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LockReply)
  items!: LockReply[];
}

export class CreateTagRequest extends ProjectScopedRequest {
  @IsString()
  @Length(1, 64)
  @Matches(TAG_PATTERN, { message: 'name must start with a letter or digit and contain only letters, digits, ".", "_" and "-"' })
  name!: string;

  /** The version to tag (default: the head). */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  message?: string;
}

export class TagReply {
  @IsUUID()
  id!: string;
  @IsUUID()
  projectId!: string;
  @IsString()
  name!: string;
  @IsInt()
  version!: number;
  @IsUUID()
  commitId!: string;
  @IsString()
  message!: string;
  @IsString()
  createdBy!: string;
  @IsISO8601()
  createdAt!: string;
}

export class ListTagsRequest extends ProjectScopedRequest {}

export class TagListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TagReply)
  items!: TagReply[];
}

/** Largest BPMN file the import takes, in bytes (before base64). */
export const MAX_IMPORT_BYTES = 700 * 1024;

/** Request of `catalog.process.import`: a BPMN 2.0 file as a modeling tool wrote it. */
export class ImportProcessRequest extends ProjectScopedRequest {
  /** The file's name (used for the artifact's name when `name` is not given). */
  @IsString()
  @Length(1, 255)
  fileName!: string;

  /** The file's bytes, base64: the encoding its XML declaration names is honoured. */
  @IsString()
  @Length(1, Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 4)
  @Matches(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'contentBase64 must be base64' })
  contentBase64!: string;

  @IsOptional()
  @IsString()
  @Matches(ARTIFACT_NAME_PATTERN, { message: NAME_MESSAGE })
  name?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @IsOptional()
  @IsString()
  @Length(1, 500)
  message?: string;

  @IsOptional()
  @IsString()
  @Length(1, 120)
  authorName?: string;

  /** Check and translate only: nothing is committed. */
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportProcessReply {
  /** The new artifact (absent on a dry run). */
  @IsOptional()
  @IsUUID()
  artifactId?: string;
  @IsString()
  name!: string;
  /** The project version the import committed (absent on a dry run). */
  @IsOptional()
  @IsInt()
  version?: number;
  /** The tool that wrote the file, as far as it tells (`exporter` attribute, namespaces). */
  @IsString()
  tool!: string;
  @IsInt()
  processes!: number;
  /** Conditions rewritten into Fleet's expression language. */
  @IsInt()
  translatedConditions!: number;
  @IsArray()
  @IsString({ each: true })
  warnings!: string[];
}


