import { IsArray, IsBoolean, IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { MaintenanceStates, type MaintenanceState } from './maintenance.dto';
import { PACKAGE_ID, type PackageContent } from './package.dto';

/** Seeded into an environment by its first deployment only; later deployments never overwrite it. */
export interface EnvironmentConfiguration {
  /** Parameter name → default value from the package's `parameter` artifacts. */
  parameters: Record<string, string | number | boolean | null>;
  /** Connector name → its settings (auth type and parameter references, timeout, retries). */
  connectors: Record<string, Record<string, unknown>>;
  /** Authentication defaults of the environment's Work Portal realm. */
  auth: { mfa: 'off' | 'email'; idleTimeoutSeconds: number };
}

/** `deployment.apply.requested`: phase 1, stage this package and acknowledge. */
export class ApplyRequestedEvent {
  @IsUUID()
  applyId!: string;
  @IsUUID()
  environmentId!: string;
  @IsUUID()
  companyId!: string;
  @IsUUID()
  projectId!: string;
  @Matches(PACKAGE_ID)
  packageId!: string;
  @IsBoolean()
  firstDeployment!: boolean;
  /** Present on the first deployment only. */
  @IsOptional()
  @IsObject()
  configuration?: EnvironmentConfiguration;
  @IsArray()
  @IsString({ each: true })
  acknowledgers!: string[];
  @IsObject()
  package!: PackageContent;
}

/** `deployment.apply.committed`: phase 2, activate the staged package. */
export class ApplyCommittedEvent {
  @IsUUID()
  applyId!: string;
  @IsUUID()
  environmentId!: string;
  @Matches(PACKAGE_ID)
  packageId!: string;
}

/** `deployment.apply.aborted`: discard the stage; the environment stays on its previous package. */
export class ApplyAbortedEvent {
  @IsUUID()
  applyId!: string;
  @IsUUID()
  environmentId!: string;
  @Matches(PACKAGE_ID)
  packageId!: string;
  @IsString()
  reason!: string;
}

/** `deployment.maintenance.changed`. */
export class MaintenanceChangedEvent {
  @IsUUID()
  environmentId!: string;
  @IsUUID()
  companyId!: string;
  @IsIn(MaintenanceStates)
  state!: MaintenanceState;
  @IsOptional()
  @IsIn(['manual', 'deployment'])
  reason!: 'manual' | 'deployment' | null;
  @IsString()
  message!: string;
  @IsISO8601()
  at!: string;
}
