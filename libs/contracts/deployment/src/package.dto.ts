import { PageQuery } from '@fleet/contracts-fleet';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';

/** A package id: the SHA-256 (hex) of its canonical content. */
export const PACKAGE_ID = /^[0-9a-f]{64}$/;

/** One artifact as a package carries it (the catalog's snapshot artifact). */
export interface PackageArtifact {
  id: string;
  kind: string;
  name: string;
  displayName: string;
  content: string;
  contentHash: string;
}

/** What a package is: the frozen metadata of a project's tag. Its canonical JSON's SHA-256 is the package id. */
export interface PackageContent {
  format: string;
  /** The project the tag belongs to in the installation that built it. */
  sourceProjectId: string;
  sourceCompanyId: string;
  tag: string;
  version: number;
  commitId: string;
  /** When the tag was created (the catalog's time), not when the package was built: rebuilding gives the same id. */
  taggedAt: string;
  /** Sorted by kind, then name. */
  artifacts: PackageArtifact[];
}

/** The exported file: the content, its checksum and the signature of the installation that built it. */
export interface PackageFile {
  format: string;
  checksum: string;
  content: PackageContent;
  signature: { alg: 'Ed25519'; keyId: string; publicKey: string; value: string };
}

export class BuildPackageRequest {
  @IsUUID()
  projectId!: string;

  @IsString()
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)
  tag!: string;
}

export class ListPackagesRequest extends PageQuery {
  @IsUUID()
  projectId!: string;
}

export class GetPackageRequest {
  @IsUUID()
  projectId!: string;

  @Matches(PACKAGE_ID, { message: 'packageId must be a package id (64 hex digits)' })
  packageId!: string;
}

export class ImportPackageRequest {
  @IsUUID()
  projectId!: string;

  /** The exported package file, base64 (standard or url-safe). */
  @IsString()
  @Length(16, 1000000)
  @Matches(/^[A-Za-z0-9+/=_-]+$/, { message: 'file must be the package file in base64' })
  file!: string;
}

export class InspectPackageRequest {
  @IsUUID()
  projectId!: string;

  @Matches(PACKAGE_ID, { message: 'packageId must be a package id (64 hex digits)' })
  packageId!: string;

  @IsUUID()
  environmentId!: string;
}

export class PackageArtifactSummary {
  @IsString()
  kind!: string;
  @IsString()
  name!: string;
  @IsString()
  displayName!: string;
  @IsString()
  contentHash!: string;
}

export class PackageReply {
  @Matches(PACKAGE_ID)
  id!: string;
  @IsUUID()
  projectId!: string;
  @IsUUID()
  companyId!: string;
  @IsString()
  tag!: string;
  @IsInt()
  version!: number;
  @IsUUID()
  commitId!: string;
  @IsIn(['built', 'imported'])
  origin!: 'built' | 'imported';
  /** The key that signed it (this installation's, or a trusted one's). */
  @IsString()
  signedBy!: string;
  @IsString()
  createdBy!: string;
  @IsISO8601()
  createdAt!: string;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PackageArtifactSummary)
  artifacts!: PackageArtifactSummary[];
}

export class PackageListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PackageReply)
  items!: PackageReply[];
  @IsInt()
  total!: number;
}

export class PackageFileReply {
  /** Suggested file name: `<tag>-<id prefix>.fleetpkg.json`. */
  @IsString()
  fileName!: string;
  /** The file's text (JSON). */
  @IsString()
  file!: string;
}

export const ObjectChanges = ['added', 'changed', 'removed', 'renamed', 'unchanged'] as const;
export type ObjectChange = (typeof ObjectChanges)[number];

export class InspectedObject {
  @IsString()
  kind!: string;
  @IsString()
  name!: string;
  @IsIn(ObjectChanges)
  change!: ObjectChange;
  /** For `renamed`: the name deployed now. */
  @IsOptional()
  @IsString()
  previousName?: string;
}

export class InspectionReply {
  @Matches(PACKAGE_ID)
  packageId!: string;
  @IsUUID()
  environmentId!: string;
  /** The package the environment runs now (null: never deployed). */
  @IsOptional()
  @IsString()
  currentPackageId!: string | null;
  @IsBoolean()
  firstDeployment!: boolean;
  /** Does applying it open the maintenance window, and why. */
  @IsBoolean()
  maintenance!: boolean;
  @IsArray()
  @IsString({ each: true })
  maintenanceReasons!: string[];
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => InspectedObject)
  objects!: InspectedObject[];
  @IsBoolean()
  safe!: boolean;
  @IsArray()
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  reasons!: string[];
}
