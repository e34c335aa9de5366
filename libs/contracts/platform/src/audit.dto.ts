import { PageQuery } from '@fleet/contracts-fleet';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';

/** Audit categories: what kind of security-relevant action an entry records. */
export const AuditCategories = ['authentication', 'authorization', 'users', 'service-accounts'] as const;
export type AuditCategory = (typeof AuditCategories)[number];

/** `platform.audit.list`: a company's security audit, newest first. Company administrators only. */
export class ListAuditRequest extends PageQuery {
  @IsUUID()
  companyId!: string;

  @IsOptional()
  @IsIn(AuditCategories)
  category?: AuditCategory;

  /** e.g. `login.failed`, `grant.revoked`. */
  @IsOptional()
  @IsString()
  @MaxLength(60)
  action?: string;

  /** Entries done by or concerning this user. */
  @IsOptional()
  @IsUUID()
  userId?: string;

  @IsOptional()
  @IsISO8601()
  from?: string;

  @IsOptional()
  @IsISO8601()
  to?: string;
}

/** One audit entry: who did what to whom, when, from where. */
export class AuditEntryReply {
  @IsUUID()
  id!: string;

  @IsIn(AuditCategories)
  category!: AuditCategory;

  @IsString()
  action!: string;

  /** Who acted (user id, or `system`); absent for sign-in attempts by unknown people. */
  @IsOptional()
  @IsString()
  actorId?: string | null;

  /** Whom or what the action concerned. */
  @IsOptional()
  @IsString()
  subjectId?: string | null;

  @IsOptional()
  @IsString()
  clientIp?: string | null;

  @IsObject()
  details!: Record<string, unknown>;

  @IsISO8601()
  at!: string;
}

export class AuditListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AuditEntryReply)
  items!: AuditEntryReply[];

  @IsInt()
  total!: number;
}
