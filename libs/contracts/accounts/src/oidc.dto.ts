import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsIP, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, MaxLength } from 'class-validator';

/** The one realm that may sign in through an external provider (for now: the company realm). */
export const OIDC_REALMS = ['company'] as const;

/** Request of `accounts.oidc-provider.get` and `accounts.oidc-provider.delete`: the company's realm. */
export class OidcProviderAddress {
  @IsUUID()
  companyId!: string;
}

/** Request of `accounts.oidc-provider.set`: the company realm's external OpenID Connect provider (replaces any). */
export class SetOidcProviderRequest {
  @IsUUID()
  companyId!: string;

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
  @IsIn(OIDC_REALMS)
  realm!: string;

  @IsUUID()
  companyId!: string;

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
