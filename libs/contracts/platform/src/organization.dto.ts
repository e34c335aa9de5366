import { Type } from 'class-transformer';
import { IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { EnvironmentKinds, SubscriptionKinds, type EnvironmentKind, type SubscriptionKind } from './roles';

export class CreateSubscriptionRequest {
  @IsUUID()
  companyId!: string;

  @IsIn(SubscriptionKinds)
  kind!: SubscriptionKind;

  @IsString()
  @Length(2, 120)
  name!: string;
}

export class GetSubscriptionRequest {
  @IsUUID()
  subscriptionId!: string;
}

export class SubscriptionListRequest {
  @IsUUID()
  companyId!: string;
}

export class SubscriptionReply {
  @IsUUID()
  id!: string;
  @IsUUID()
  companyId!: string;
  @IsString()
  kind!: SubscriptionKind;
  @IsString()
  name!: string;
  @IsISO8601()
  createdAt!: string;
}

export class SubscriptionListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SubscriptionReply)
  items!: SubscriptionReply[];
}

export class CreateProjectRequest {
  @IsUUID()
  subscriptionId!: string;

  /** Unique within the company (case-insensitive). */
  @IsString()
  @Length(2, 80)
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, { message: 'name must start with a letter or digit and contain only letters, digits, spaces, dots, dashes and underscores' })
  name!: string;

  @IsOptional()
  @IsString()
  @Length(0, 500)
  description?: string;
}

export class GetProjectRequest {
  @IsUUID()
  projectId!: string;
}

export class ListProjectsRequest {
  @IsOptional()
  @IsUUID()
  companyId?: string;
}

/** Deleting a project deletes its environments: the caller must repeat the project's name. */
export class DeleteProjectRequest {
  @IsUUID()
  projectId!: string;

  @IsString()
  confirmName!: string;
}

export class ProjectReply {
  @IsUUID()
  id!: string;
  @IsUUID()
  companyId!: string;
  @IsUUID()
  subscriptionId!: string;
  @IsString()
  name!: string;
  @IsOptional()
  @IsString()
  description!: string | null;
  @IsString()
  createdBy!: string;
  @IsISO8601()
  createdAt!: string;
}

export class ProjectListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProjectReply)
  items!: ProjectReply[];
}

export class CreateEnvironmentRequest {
  @IsUUID()
  projectId!: string;

  @IsIn(EnvironmentKinds)
  kind!: EnvironmentKind;

  @IsOptional()
  @IsString()
  @Length(2, 80)
  name?: string;
}

export class GetEnvironmentRequest {
  @IsUUID()
  environmentId!: string;
}

export class ListEnvironmentsRequest {
  @IsUUID()
  projectId!: string;
}

export class EnvironmentReply {
  @IsUUID()
  id!: string;
  @IsUUID()
  companyId!: string;
  @IsUUID()
  projectId!: string;
  @IsString()
  kind!: EnvironmentKind;
  @IsString()
  name!: string;
  /** The Work Portal realm of this environment: `env:<id>`. */
  @IsString()
  realm!: string;
  @IsISO8601()
  createdAt!: string;
}

export class EnvironmentListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => EnvironmentReply)
  items!: EnvironmentReply[];
}

/** Events `platform.project.created` / `.deleted`. */
export class ProjectEvent {
  @IsUUID()
  companyId!: string;

  @IsUUID()
  projectId!: string;

  @IsString()
  name!: string;

  @IsISO8601()
  at!: string;
}

/** Event `platform.environment.created`. */
export class EnvironmentEvent {
  @IsUUID()
  companyId!: string;

  @IsUUID()
  projectId!: string;

  @IsUUID()
  environmentId!: string;

  @IsIn(EnvironmentKinds)
  kind!: EnvironmentKind;
}
