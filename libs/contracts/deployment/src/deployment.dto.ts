import { PageQuery } from '@fleet/contracts-fleet';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { PACKAGE_ID } from './package.dto';

export const DeploymentStatuses = ['pending', 'committed', 'done', 'aborted'] as const;
export type DeploymentStatus = (typeof DeploymentStatuses)[number];

export class ApplyPackageRequest {
  @IsUUID()
  environmentId!: string;

  @Matches(PACKAGE_ID, { message: 'packageId must be a package id (64 hex digits)' })
  packageId!: string;

  /** Company administrators only: apply although the previous stage has not run this package (recorded in the audit). */
  @IsOptional()
  @IsBoolean()
  overridePromotion?: boolean;

  /** Why (required with overridePromotion). */
  @IsOptional()
  @IsString()
  @Length(3, 500)
  reason?: string;
}

export class ListDeploymentsRequest extends PageQuery {
  @IsUUID()
  environmentId!: string;
}

export class GetDeploymentRequest {
  @IsUUID()
  environmentId!: string;

  @IsUUID()
  deploymentId!: string;
}

export class Acknowledgement {
  @IsString()
  service!: string;
  @IsIn(['staged', 'failed', 'activated'])
  outcome!: 'staged' | 'failed' | 'activated';
  @IsOptional()
  @IsString()
  reason?: string;
  @IsISO8601()
  at!: string;
}

export class DeploymentReply {
  @IsUUID()
  id!: string;
  @IsUUID()
  environmentId!: string;
  @IsString()
  environmentKind!: string;
  @IsUUID()
  projectId!: string;
  @IsUUID()
  companyId!: string;
  @Matches(PACKAGE_ID)
  packageId!: string;
  @IsOptional()
  @IsString()
  previousPackageId!: string | null;
  @IsIn(DeploymentStatuses)
  status!: DeploymentStatus;
  @IsOptional()
  @IsString()
  reason!: string | null;
  @IsBoolean()
  firstDeployment!: boolean;
  @IsBoolean()
  maintenance!: boolean;
  @IsString()
  startedBy!: string;
  @IsISO8601()
  startedAt!: string;
  @IsOptional()
  @IsISO8601()
  committedAt!: string | null;
  @IsOptional()
  @IsISO8601()
  finishedAt!: string | null;
  @IsOptional()
  @IsInt()
  durationMs!: number | null;
  @IsOptional()
  @IsString()
  overrideBy!: string | null;
  @IsOptional()
  @IsString()
  overrideReason!: string | null;
  @IsArray()
  @IsString({ each: true })
  acknowledgers!: string[];
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Acknowledgement)
  acknowledgements!: Acknowledgement[];
}

export class DeploymentListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DeploymentReply)
  items!: DeploymentReply[];
  @IsInt()
  total!: number;
}

/** `deployment.apply.acknowledge`: a runtime service reports its outcome for an apply, as itself. */
export class ApplyAcknowledgeRequest {
  @IsUUID()
  applyId!: string;

  @IsString()
  @Length(1, 64)
  service!: string;

  @IsIn(['staged', 'failed', 'activated'])
  outcome!: 'staged' | 'failed' | 'activated';

  @IsOptional()
  @IsString()
  @Length(0, 1000)
  reason?: string;
}

export class ApplyAcknowledgeReply {
  /** The apply's status after this acknowledgement. */
  @IsIn(DeploymentStatuses)
  status!: DeploymentStatus;
}
