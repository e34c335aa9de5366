import { Type } from 'class-transformer';
import { IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';

export const MaintenanceStates = ['active', 'maintenance', 'restarting'] as const;
export type MaintenanceState = (typeof MaintenanceStates)[number];

export class MaintenanceRequest {
  @IsUUID()
  environmentId!: string;
}

export class OpenMaintenanceRequest {
  @IsUUID()
  environmentId!: string;

  /** Shown to anyone opening the Work Portal meanwhile. */
  @IsOptional()
  @IsString()
  @Length(1, 500)
  message?: string;
}

export class AnnounceMaintenanceRequest {
  @IsUUID()
  environmentId!: string;

  @IsISO8601()
  start!: string;

  @IsISO8601()
  end!: string;

  @IsString()
  @Length(1, 500)
  message!: string;
}

export class MaintenanceAnnouncement {
  @IsISO8601()
  start!: string;
  @IsISO8601()
  end!: string;
  @IsString()
  message!: string;
}

export class MaintenanceReply {
  @IsUUID()
  environmentId!: string;
  @IsIn(MaintenanceStates)
  state!: MaintenanceState;
  @IsOptional()
  @IsIn(['manual', 'deployment'])
  reason!: 'manual' | 'deployment' | null;
  @IsOptional()
  @IsString()
  deploymentId!: string | null;
  @IsString()
  message!: string;
  @IsISO8601()
  since!: string;
  @IsOptional()
  @ValidateNested()
  @Type(() => MaintenanceAnnouncement)
  announcement!: MaintenanceAnnouncement | null;
}

export class MaintenanceListRequest {}

export class MaintenanceListReply {
  /** Every environment whose window is not `active`. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MaintenanceReply)
  items!: MaintenanceReply[];
}
