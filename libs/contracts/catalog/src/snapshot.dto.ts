import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { ArtifactKinds, type ArtifactKind } from './artifact-kinds';

/** `catalog.tag.snapshot`: the whole metadata of a project as one tag froze it (what deployment packages). */
export class TagSnapshotRequest {
  @IsUUID()
  projectId!: string;

  @IsString()
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)
  tag!: string;
}

export class SnapshotArtifact {
  @IsUUID()
  id!: string;
  @IsIn(ArtifactKinds)
  kind!: ArtifactKind;
  /** Technical name, unique per kind within the project. */
  @IsString()
  name!: string;
  @IsString()
  displayName!: string;
  /** BPMN XML for `process`, canonical JSON text otherwise. */
  @IsString()
  content!: string;
  /** sha256 hex of `content` (UTF-8). */
  @IsString()
  @Matches(/^[0-9a-f]{64}$/)
  contentHash!: string;
}

export class TagSnapshotReply {
  @IsUUID()
  projectId!: string;
  @IsUUID()
  companyId!: string;
  @IsString()
  tag!: string;
  /** The commit the tag points at, and its version number within the project (1, 2, ...). */
  @IsUUID()
  commitId!: string;
  @IsInt()
  version!: number;
  @IsISO8601()
  createdAt!: string;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SnapshotArtifact)
  artifacts!: SnapshotArtifact[];
}
