import { IsBoolean, IsEmail, IsIn, IsInt, IsIP, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { REALM_NAME_PATTERN } from './realm-name';
import { PASSWORD_MAX_LENGTH } from './user.dto';

/**
 * Request of `accounts.auth.login`. Any refused credential (unknown user, wrong password,
 * deactivated or locked account) answers `ACCOUNTS.UNAUTHORIZED` with one generic message.
 */
export class LoginRequest {
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  password!: string;

  /** `company` (the default) or `env:<environmentId>`. */
  @IsOptional()
  @Matches(REALM_NAME_PATTERN, { message: 'realm must be "company" or "env:<environment uuid>"' })
  realm?: string;

  /** The client's address as the gateway saw it: failures are also counted per address. */
  @IsOptional()
  @IsIP()
  clientIp?: string;
}

/** Request of `accounts.auth.refresh`: the refresh token is used once and replaced. */
export class RefreshRequest {
  @IsString()
  @Length(1, 200)
  refresh_token!: string;
}

/** Request of `accounts.auth.logout`: revokes the session (family) of the refresh token. */
export class LogoutRequest {
  @IsString()
  @Length(1, 200)
  refresh_token!: string;
}

/** Reply of `accounts.auth.logout`. */
export class LogoutReply {
  /** False when the token was unknown or its session was revoked already. */
  @IsBoolean()
  revoked!: boolean;
}

/** Reply of `accounts.auth.login` and `accounts.auth.refresh` (OAuth 2.0 token response field names). */
export class TokenPairReply {
  /** ES256 JWT; claims in ARCHITECTURE.md "Identity and access". */
  @IsString()
  access_token!: string;

  /** Opaque, single use: present it to `accounts.auth.refresh` for the next pair. */
  @IsString()
  refresh_token!: string;

  @IsIn(['Bearer'])
  token_type!: 'Bearer';

  /** Lifetime of the access token, in seconds. */
  @IsInt()
  expires_in!: number;

  /** Set (true) when the realm policy requires a new password (first sign-in or expiry). */
  @IsOptional()
  @IsIn([true])
  password_change_required?: true;
}

/**
 * Reply of `accounts.auth.login`: the token pair, or (without tokens) a challenge when the sign-in
 * needs another step: `mfa_required` with `mfa_ticket` (a code was e-mailed: `accounts.auth.mfa`), or
 * `password_change_required` with `password_change_ticket` (`accounts.auth.password`). A ticket lives
 * `expires_in` seconds and is used once.
 */
export class LoginReply {
  /** ES256 JWT; absent on a challenge. */
  @IsOptional()
  @IsString()
  access_token?: string;

  /** Absent on a challenge. */
  @IsOptional()
  @IsString()
  refresh_token?: string;

  @IsOptional()
  @IsIn(['Bearer'])
  token_type?: 'Bearer';

  /** Lifetime of the access token, or of the challenge's ticket, in seconds. */
  @IsInt()
  expires_in!: number;

  /** The realm policy requires a new password (first sign-in or expiry): no tokens until it is set. */
  @IsOptional()
  @IsIn([true])
  password_change_required?: true;

  @IsOptional()
  @IsString()
  password_change_ticket?: string;

  /** The realm requires an e-mailed one-time code: no tokens until it is given. */
  @IsOptional()
  @IsIn([true])
  mfa_required?: true;

  @IsOptional()
  @IsString()
  mfa_ticket?: string;
}
