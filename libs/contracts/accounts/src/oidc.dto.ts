import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsIP, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { REALM_NAME_PATTERN } from './realm-name';

/** Is `realm` the company realm (the default when absent) rather than an environment realm `env:<id>`? */
export const isCompanyRealm = (o: { realm?: string }): boolean => o.realm === undefined || o.realm === 'company';

/**
 * Request of `accounts.oidc-provider.get` and `accounts.oidc-provider.delete`: one realm's provider.
 * The company realm (`realm` absent or `company`) is named by `companyId`; an environment realm
 * `env:<environmentId>` by itself (its company is the caller's, as platform's permission check proves).
 */
export class OidcProviderAddress {
  @ValidateIf(isCompanyRealm)
  @IsUUID()
  companyId?: string;

  @IsOptional()
  @Matches(REALM_NAME_PATTERN, { message: 'realm must be company or env:<environmentId>' })
  realm?: string;
}

/** Request of `accounts.oidc-provider.set`: a realm's external OpenID Connect provider (replaces any). */
export class SetOidcProviderRequest {
  @ValidateIf(isCompanyRealm)
  @IsUUID()
  companyId?: string;

  /** `company` (default) or an environment realm `env:<environmentId>` (its Work Portal's sign-in). */
  @IsOptional()
  @Matches(REALM_NAME_PATTERN, { message: 'realm must be company or env:<environmentId>' })
  realm?: string;

  /** The provider's issuer: its discovery document is `<issuer>/.well-known/openid-configuration`. */
  @IsUrl({ require_tld: false, protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(500)
  issuer!: string;

  @IsString()
  @Length(1, 200)
  clientId!: string;

  /** Kept encrypted at rest; never answered. */
  @IsString()
  @Length(1, 500)
  clientSecret!: string;

  /** Asked for besides `openid` (default `email profile`). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[\x21\x23-\x5b\x5d-\x7e]{1,100}$/, { each: true, message: 'each scope must be a scope token' })
  scopes?: string[];

  /** An unknown (verified) e-mail creates a user of the realm rather than being refused. */
  @IsBoolean()
  provision!: boolean;
}

/** Reply of `accounts.oidc-provider.get`/`set`: the configuration, without the client secret. */
export class OidcProviderReply {
  @IsUUID()
  companyId!: string;

  @IsString()
  realm!: string;

  @IsString()
  issuer!: string;

  @IsString()
  clientId!: string;

  @IsArray()
  @IsString({ each: true })
  scopes!: string[];

  @IsBoolean()
  provision!: boolean;

  @IsString()
  updatedAt!: string;
}

/** Reply of `accounts.oidc-provider.delete`. */
export class DeleteOidcProviderReply {
  @IsIn([true])
  deleted!: true;
}

/** Request of `accounts.auth.oidc-start` (public): where to send the browser to sign in. */
export class OidcStartRequest {
  /** `company` (then `companyId` names the company) or `env:<environmentId>`. */
  @Matches(REALM_NAME_PATTERN, { message: 'realm must be company or env:<environmentId>' })
  realm!: string;

  @ValidateIf(isCompanyRealm)
  @IsUUID()
  companyId?: string;

  /** The callback URL registered at the provider; the same one is used for the code exchange. */
  @IsUrl({ require_tld: false, protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(500)
  redirectUri!: string;
}

/** Reply of `accounts.auth.oidc-start`: the provider's authorization URL (state, nonce, S256 challenge). */
export class OidcStartReply {
  @IsString()
  location!: string;
}

/** Request of `accounts.auth.oidc-callback` (public): what the provider sent back. Reply: TokenPairReply. */
export class OidcCallbackRequest {
  @IsString()
  @Length(1, 2000)
  code!: string;

  @IsString()
  @Length(1, 200)
  state!: string;

  @IsOptional()
  @IsIP()
  clientIp?: string;
}
