import type { ConnectorAuth, ConnectorContent } from '@fleet/contracts-catalog';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

/** A connector's technical name (the catalog artifact name): letters, digits, `_`, `-`, `.`. */
export const CONNECTOR_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,79}$/;

export const ConnectorMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const ConnectorAuthTypes = ['none', 'basic', 'bearer', 'apiKey', 'oauth2ClientCredentials'] as const;

/** OpenAPI shape of a {@link StringRecord} property (the custom rule has no schema of its own). */
const STRING_RECORD_SCHEMA = () => ({ type: 'object' as const, additionalProperties: { type: 'string' as const } });

/** Every value of the object is a string (headers, query). */
@ValidatorConstraint({ name: 'stringRecord' })
class StringRecord implements ValidatorConstraintInterface {
  validate(v: unknown): boolean {
    return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.entries(v).length <= 50 && Object.values(v).every((x) => typeof x === 'string' && x.length <= 2000);
  }
  defaultMessage(): string {
    return 'must be an object of at most 50 string values';
  }
}

/** `status` of an error mapping: an HTTP status (100–599) or `4xx` / `5xx`. */
@ValidatorConstraint({ name: 'statusPattern' })
class StatusPattern implements ValidatorConstraintInterface {
  validate(v: unknown): boolean {
    return v === '4xx' || v === '5xx' || (Number.isInteger(v) && (v as number) >= 100 && (v as number) <= 599);
  }
  defaultMessage(): string {
    return 'must be an HTTP status (100-599), "4xx" or "5xx"';
  }
}

/**
 * Authentication of a connector (`ConnectorAuth`). Values are templates naming environment
 * parameters (`{{param:API_KEY}}`): a secret is never written into a definition.
 */
export class ConnectorAuthDto implements ConnectorAuth {
  [setting: string]: string | undefined;

  @IsIn(ConnectorAuthTypes)
  type!: ConnectorAuth['type'];

  /** basic */
  @IsOptional() @IsString() @MaxLength(500) username?: string;
  /** basic */
  @IsOptional() @IsString() @MaxLength(500) password?: string;
  /** bearer */
  @IsOptional() @IsString() @MaxLength(500) token?: string;
  /** apiKey: the key (a template). */
  @IsOptional() @IsString() @MaxLength(500) key?: string;
  /** apiKey: where the key goes. */
  @IsOptional() @IsIn(['header', 'query']) in?: string;
  /** apiKey: the header or query parameter name. */
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_.-]{1,100}$/) name?: string;
  /** oauth2ClientCredentials */
  @IsOptional() @IsString() @MaxLength(2000) tokenUrl?: string;
  /** oauth2ClientCredentials */
  @IsOptional() @IsString() @MaxLength(500) clientId?: string;
  /** oauth2ClientCredentials */
  @IsOptional() @IsString() @MaxLength(500) clientSecret?: string;
  /** oauth2ClientCredentials */
  @IsOptional() @IsString() @MaxLength(500) scope?: string;
}

/** One error mapping: HTTP status (or class) → named error a BPMN error boundary catches. */
export class ErrorMappingDto {
  @Validate(StatusPattern)
  @JSONSchema(() => ({ oneOf: [{ type: 'integer', minimum: 100, maximum: 599 }, { type: 'string', enum: ['4xx', '5xx'] }] }))
  status!: number | '4xx' | '5xx';

  @IsString()
  @Matches(/^[A-Za-z][A-Za-z0-9_.-]{0,79}$/)
  error!: string;
}

/** A connector definition's content: `ConnectorContent` of the catalog, validated. */
export class ConnectorContentDto implements ConnectorContent {
  @IsIn(ConnectorMethods)
  method!: ConnectorContent['method'];

  /** e.g. `{{param:BASE_URL}}/customers/{{customerId}}`. */
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  urlTemplate!: string;

  @IsOptional()
  @Validate(StringRecord)
  @JSONSchema(STRING_RECORD_SCHEMA)
  headers?: Record<string, string>;

  @IsOptional()
  @Validate(StringRecord)
  @JSONSchema(STRING_RECORD_SCHEMA)
  query?: Record<string, string>;

  /** JSON text with `{{var}}` inserted as JSON values. */
  @IsOptional()
  @IsString()
  @MaxLength(65536)
  bodyTemplate?: string;

  @ValidateNested()
  @Type(() => ConnectorAuthDto)
  auth!: ConnectorAuthDto;

  /** case variable ← JSON path (`$.a.b[0]`). */
  @IsOptional()
  @Validate(StringRecord)
  @JSONSchema(STRING_RECORD_SCHEMA)
  responseMapping?: Record<string, string>;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ErrorMappingDto)
  errorMapping?: ErrorMappingDto[];

  /** Read timeout of one attempt, ms (default 10000). */
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(120000)
  timeoutMs?: number;

  /** Retries after the first attempt when safe (default 3). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  retries?: number;
}

/** Any request about one environment. */
export class EnvironmentRequest {
  @IsUUID()
  environmentId!: string;
}

/** `connector.definition.put`: create or replace one definition of the environment. */
export class PutDefinitionRequest extends EnvironmentRequest {
  @Matches(CONNECTOR_NAME_PATTERN)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(120)
  displayName?: string;

  @IsObject()
  @ValidateNested()
  @Type(() => ConnectorContentDto)
  content!: ConnectorContentDto;
}

/** `connector.definition.list`. */
export class ListDefinitionsRequest extends EnvironmentRequest {}

/** One deployed definition. */
export class DefinitionReply {
  @IsUUID()
  environmentId!: string;

  @IsString()
  name!: string;

  @IsString()
  displayName!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => ConnectorContentDto)
  content!: ConnectorContentDto;

  /** The deployment package it came from; absent when put directly. */
  @IsOptional()
  @IsString()
  packageId?: string | null;

  @IsISO8601()
  updatedAt!: string;
}

export class DefinitionListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DefinitionReply)
  items!: DefinitionReply[];
}
