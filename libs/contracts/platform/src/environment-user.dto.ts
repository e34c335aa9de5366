import { PageQuery } from '@fleet/contracts-fleet';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,79}$/u;
const NAME_MESSAGE = 'each entry must be 1-80 letters, digits, spaces, dots, dashes or underscores';

/**
 * A Work Portal end user of one environment (its own realm `env:<environmentId>`), with the
 * organization data work allocation, alarms and menu authorization use: roles, groups, manager.
 */
export class CreateEnvironmentUserRequest {
  @IsUUID()
  environmentId!: string;

  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @Length(1, 120)
  displayName!: string;

  @IsOptional()
  @IsString()
  @Length(1, 256)
  password?: string;

  /** Work Portal roles (organization roles such as "Approver", not platform roles). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(NAME, { each: true, message: NAME_MESSAGE })
  roles?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(NAME, { each: true, message: NAME_MESSAGE })
  groups?: string[];

  /** Another end user of the same environment. */
  @IsOptional()
  @IsUUID()
  managerId?: string;
}

/** Changes to an end user's organization data; absent fields stay as they are, `managerId: null` clears it. */
export class UpdateEnvironmentUserRequest {
  @IsUUID()
  environmentId!: string;

  @IsUUID()
  userId!: string;

  @IsOptional()
  @IsString()
  @Length(1, 120)
  displayName?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(NAME, { each: true, message: NAME_MESSAGE })
  roles?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(NAME, { each: true, message: NAME_MESSAGE })
  groups?: string[];

  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsUUID()
  managerId?: string | null;

  @IsOptional()
  @IsIn(['active', 'deactivated'])
  status?: 'active' | 'deactivated';
}

export class GetEnvironmentUserRequest {
  @IsUUID()
  environmentId!: string;

  @IsUUID()
  userId!: string;
}

export class ListEnvironmentUsersRequest extends PageQuery {
  @IsUUID()
  environmentId!: string;

  @IsOptional()
  @IsString()
  @MaxLength(80)
  role?: string;

  @IsOptional()
  @IsString()
  @MaxLength(80)
  group?: string;
}

/** CSV header `email,displayName[,roles][,groups][,managerEmail]`; roles and groups separated by `;`. */
export class ImportEnvironmentUsersRequest {
  @IsUUID()
  environmentId!: string;

  @IsString()
  @MaxLength(1024 * 1024)
  csv!: string;
}

export class EnvironmentUserReply {
  @IsUUID()
  id!: string;
  @IsUUID()
  environmentId!: string;
  @IsString()
  email!: string;
  @IsString()
  displayName!: string;
  @IsArray()
  @IsString({ each: true })
  roles!: string[];
  @IsArray()
  @IsString({ each: true })
  groups!: string[];
  @IsOptional()
  @IsUUID()
  managerId!: string | null;
  @IsIn(['active', 'deactivated'])
  status!: 'active' | 'deactivated';
  @IsISO8601()
  createdAt!: string;
}

export class EnvironmentUserListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => EnvironmentUserReply)
  items!: EnvironmentUserReply[];
  @IsInt()
  total!: number;
}
