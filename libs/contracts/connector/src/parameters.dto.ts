import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { EnvironmentRequest } from './definitions.dto';

/** A parameter name, as templates name it (`{{param:NAME}}`). */
export const PARAMETER_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
/** A secret reference (name in the secrets provider; Key Vault: letters, digits, `-`; `name/version` allowed). */
export const SECRET_REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,126}(\/[A-Za-z0-9]{1,64})?$/;

/**
 * `connector.parameter.set`. A plain parameter takes `value`; a secret one (`secret: true`) takes
 * `secretRef`, the name of the secret in the secrets provider (Key Vault, secrets directory): the
 * value itself is never sent to or stored by connector.
 */
export class SetParameterRequest extends EnvironmentRequest {
  @Matches(PARAMETER_NAME_PATTERN)
  name!: string;

  @IsBoolean()
  secret!: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  value?: string;

  @IsOptional()
  @Matches(SECRET_REF_PATTERN)
  secretRef?: string;
}

export class DeleteParameterRequest extends EnvironmentRequest {
  @Matches(PARAMETER_NAME_PATTERN)
  name!: string;
}

/** One parameter: plain ones show their value, secret ones only their reference. */
export class ParameterReply {
  @IsString()
  name!: string;

  @IsBoolean()
  secret!: boolean;

  @IsOptional()
  @IsString()
  value?: string;

  @IsOptional()
  @IsString()
  secretRef?: string;

  @IsISO8601()
  updatedAt!: string;
}

export class ParameterListReply {
  @IsUUID()
  environmentId!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ParameterReply)
  items!: ParameterReply[];
}

export class DeletedReply {
  @IsBoolean()
  deleted!: boolean;
}

/** The environment's outbound policy: both off by default (HTTPS to public addresses only). */
export class OutboundPolicyReply {
  @IsUUID()
  environmentId!: string;

  /** Plain `http://` targets allowed. */
  @IsBoolean()
  allowHttp!: boolean;

  /** Loopback, private, link-local (and other non-public) addresses allowed. */
  @IsBoolean()
  allowPrivateNetworks!: boolean;
}

/** `connector.policy.update`: omitted fields keep their value. */
export class UpdateOutboundPolicyRequest extends EnvironmentRequest {
  @IsOptional()
  @IsBoolean()
  allowHttp?: boolean;

  @IsOptional()
  @IsBoolean()
  allowPrivateNetworks?: boolean;
}

