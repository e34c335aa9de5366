import { PageQuery } from '@fleet/contracts-fleet';
import { Type } from 'class-transformer';
import { IsArray, IsEmail, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';

/** Request of `platform.company-user.create`: a person joins the company's user pool (no role yet). */
export class CreateCompanyUserRequest {
  @IsUUID()
  companyId!: string;

  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @Length(1, 120)
  displayName!: string;

  /** Optional initial password (else the person sets one through an invitation). */
  @IsOptional()
  @IsString()
  @Length(1, 256)
  password?: string;
}

/** Request of `platform.company-user.import`: CSV with header `email,displayName[,role]`. */
export class ImportCompanyUsersRequest {
  @IsUUID()
  companyId!: string;

  /** The CSV text (UTF-8), at most 1 MiB and 5,000 rows. */
  @IsString()
  @MaxLength(1024 * 1024)
  csv!: string;
}

/** One rejected CSV row. */
export interface ImportRowError {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  field: string;
  reason: string;
}

/** Reply of `platform.company-user.import`: all valid rows are imported, invalid ones listed. */
export class ImportCompanyUsersReply {
  @IsInt()
  created!: number;
  @IsInt()
  existing!: number;
  @IsArray()
  errors!: ImportRowError[];
}

export class GetCompanyUserRequest {
  @IsUUID()
  companyId!: string;

  @IsUUID()
  userId!: string;
}

export class ListCompanyUsersRequest extends PageQuery {
  @IsUUID()
  companyId!: string;
}

export const CompanyUserStatuses = ['active', 'deactivated'] as const;

export class CompanyUserReply {
  @IsUUID()
  id!: string;

  @IsUUID()
  companyId!: string;

  @IsEmail()
  email!: string;

  @IsString()
  displayName!: string;

  @IsIn(CompanyUserStatuses)
  status!: (typeof CompanyUserStatuses)[number];

  @IsISO8601()
  createdAt!: string;
}

export class CompanyUserListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CompanyUserReply)
  items!: CompanyUserReply[];
  @IsInt()
  total!: number;
}

/** Events `platform.company-user.created` / `.deactivated`. */
export class CompanyUserEvent {
  @IsUUID()
  companyId!: string;

  @IsUUID()
  userId!: string;

  @IsEmail()
  email!: string;
}
