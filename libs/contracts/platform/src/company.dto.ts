import { PageQuery } from '@fleet/contracts-fleet';
import { Type } from 'class-transformer';
import { IsArray, IsEmail, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';

/** Request of `platform.company.create`. */
export class CreateCompanyRequest {
  /** Display name, 2–120 characters, unique in the installation. */
  @IsString()
  @Length(2, 120)
  name!: string;

  /** URL-safe short name, unique in the installation: lowercase letters, digits and dashes. */
  @IsString()
  @Length(2, 40)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug must be lowercase letters and digits separated by single dashes' })
  slug!: string;

  /** The company's first administrator: invited by e-mail (`platform.invitation.issued`) as company_admin. */
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  adminEmail?: string;
}

/** Request of `platform.company.get`. */
export class GetCompanyRequest {
  @IsUUID()
  companyId!: string;
}

/** Request of `platform.company.list`. */
export class ListCompaniesRequest extends PageQuery {}

/** A company as other services and clients see it. */
export class CompanyReply {
  @IsUUID()
  id!: string;

  @IsString()
  name!: string;

  @IsString()
  slug!: string;

  @IsISO8601()
  createdAt!: string;
}

/** Reply of `platform.company.list`. */
export class CompanyListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CompanyReply)
  items!: CompanyReply[];

  @IsInt()
  @IsInt()
  total!: number;
}

/** Event `platform.company.created`. */
export class CompanyCreatedEvent {
  @IsUUID()
  companyId!: string;

  @IsString()
  name!: string;

  @IsString()
  slug!: string;

  @IsISO8601()
  createdAt!: string;
}
