import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';

/**
 * The realm of Fleet's own services (service identity): tokens with `realm: fleet`, `kind: service`,
 * `sub: svc:<service>` and the nil company id. Only handlers that ask for it accept it.
 */
export const FLEET_REALM = 'fleet';

/** The `cid` of internal service tokens: they belong to no company. */
export const NO_COMPANY_ID = '00000000-0000-0000-0000-000000000000';

/** The `sub` of the internal service token of `service` (`svc:platform`). */
export function serviceSubjectOf(service: string): string {
  return `svc:${service}`;
}

/**
 * Request of `accounts.auth.token` (OAuth 2.0 client-credentials grant). `client_id` is a Fleet
 * service name (its secret derived from FLEET_SERVICE_SECRET) or a customer service account id.
 * Any refused credential answers `ACCOUNTS.UNAUTHORIZED` with one generic message.
 */
export class ClientCredentialsRequest {
  @IsIn(['client_credentials'])
  grant_type!: 'client_credentials';

  @IsString()
  @Length(1, 64)
  client_id!: string;

  @IsString()
  @Length(1, 200)
  client_secret!: string;
}

/** Reply of `accounts.auth.token`: an access token only (no refresh token: ask again). */
export class ServiceTokenReply {
  @IsString()
  access_token!: string;

  @IsIn(['Bearer'])
  token_type!: 'Bearer';

  /** Lifetime of the access token, in seconds. */
  @IsInt()
  expires_in!: number;
}

/** Request of `accounts.service-account.create`: a machine client of a company. */
export class CreateServiceAccountRequest {
  @IsUUID()
  companyId!: string;

  @IsString()
  @Length(1, 100)
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  @Matches(/^[^\x00-\x1f\x7f]+$/, { message: 'name must not contain control characters' })
  name!: string;
}

/** Request of `accounts.service-account.list`. */
export class ListServiceAccountsRequest {
  @IsUUID()
  companyId!: string;
}

/** Request of `accounts.service-account.revoke`: its tokens stop being issued at once (issued ones expire). */
export class RevokeServiceAccountRequest {
  @IsUUID()
  companyId!: string;

  @IsUUID()
  serviceAccountId!: string;
}

/** A customer service account (never its secret). */
export class ServiceAccountReply {
  @IsUUID()
  id!: string;

  /** The `client_id` of the client-credentials grant (the id). */
  @IsUUID()
  clientId!: string;

  @IsUUID()
  companyId!: string;

  @IsString()
  name!: string;

  @IsIn(['active', 'revoked'])
  status!: 'active' | 'revoked';

  @IsISO8601()
  createdAt!: string;

  @IsOptional()
  @IsISO8601()
  revokedAt?: string;
}

/** Reply of `accounts.service-account.create`: the secret is shown this once (only its hash is kept). */
export class CreatedServiceAccountReply extends ServiceAccountReply {
  @IsString()
  clientSecret!: string;
}

/** Reply of `accounts.service-account.list`, newest first. */
export class ServiceAccountListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ServiceAccountReply)
  items!: ServiceAccountReply[];
}
