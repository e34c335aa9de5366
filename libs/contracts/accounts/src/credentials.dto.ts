import { IsEmail, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { REALM_NAME_PATTERN } from './realm-name';
import { PASSWORD_MAX_LENGTH } from './user.dto';

/** Request of `accounts.password.change`: the caller's own password (token in `authorization`). */
export class ChangePasswordRequest {
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

/** Reply of `accounts.password.change`: how many other sessions of the user were revoked. */
export class ChangePasswordReply {
  @IsInt()
  revokedSessions!: number;
}

/**
 * Request of `accounts.auth.password` (public): completes a sign-in that answered
 * `password_change_required` with the ticket it carried, and answers the token pair.
 */
export class CompletePasswordChangeRequest {
  @IsString()
  @Length(1, 200)
  ticket!: string;

  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

/** Request of `accounts.password-reset.request` (public): always the same answer, whether or not the user exists. */
export class PasswordResetRequest {
  @IsEmail()
  @MaxLength(254)
  email!: string;

  /** `company` (the default) or `env:<environmentId>`. */
  @IsOptional()
  @Matches(REALM_NAME_PATTERN, { message: 'realm must be "company" or "env:<environment uuid>"' })
  realm?: string;
}

/** Reply of `accounts.password-reset.request`: the same for every e-mail. */
export class PasswordResetRequestReply {
  @IsIn([true])
  accepted!: true;
}

/** Request of `accounts.password-reset.complete` (public): the one-time token from the e-mail. */
export class PasswordResetCompleteRequest {
  @IsString()
  @Length(1, 200)
  token!: string;

  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

/** Reply of `accounts.password-reset.complete`. */
export class PasswordResetCompleteReply {
  @IsInt()
  revokedSessions!: number;
}

/** Request of `accounts.auth.mfa` (public): the ticket of a sign-in that answered `mfa_required` and the e-mailed code. */
export class MfaLoginRequest {
  @IsString()
  @Length(1, 200)
  ticket!: string;

  @Matches(/^[0-9]{6}$/, { message: 'code must be 6 digits' })
  code!: string;
}

/** Event `accounts.password-reset.requested`: smtp e-mails the one-time token (it waits in JetStream until smtp exists). */
export class PasswordResetRequestedEvent {
  @IsUUID()
  userId!: string;

  @IsEmail()
  email!: string;

  @Matches(REALM_NAME_PATTERN)
  realm!: string;

  /** The one-time token (only its SHA-256 is stored). */
  @IsString()
  token!: string;

  @IsISO8601()
  expiresAt!: string;
}

/** Event `accounts.otp.issued`: smtp e-mails the 6-digit sign-in code. */
export class OtpIssuedEvent {
  @IsUUID()
  userId!: string;

  @IsEmail()
  email!: string;

  @Matches(REALM_NAME_PATTERN)
  realm!: string;

  @Matches(/^[0-9]{6}$/)
  code!: string;

  @IsISO8601()
  expiresAt!: string;
}

/** Multi-factor sign-in of a realm: off, or a one-time code e-mailed after the password. */
export const MfaModes = ['off', 'email'] as const;
export type MfaMode = (typeof MfaModes)[number];

/** The realm security policy as the API shows it. */
export class SecurityPolicyReply {
  @Matches(REALM_NAME_PATTERN)
  realm!: string;
  @IsInt()
  passwordMinLength!: number;
  /** How many of lower-case, upper-case, digits, symbols a password needs. */
  @IsInt()
  passwordMinClasses!: number;
  /** 0: passwords never expire. */
  @IsInt()
  passwordExpiryDays!: number;
  @IsInt()
  lockoutThreshold!: number;
  @IsInt()
  lockoutWindowSeconds!: number;
  @IsInt()
  lockoutDurationSeconds!: number;
  @IsInt()
  idleTimeoutSeconds!: number;
  @IsInt()
  maxSessions!: number;
  @IsIn(MfaModes)
  mfa!: MfaMode;
}

/** Request of `accounts.policy.get`: the realm (`company`: the caller's company; `env:<id>`: an environment of it). */
export class GetSecurityPolicyRequest {
  @Matches(REALM_NAME_PATTERN, { message: 'realm must be "company" or "env:<environment uuid>"' })
  realm!: string;

  /** The company addressed (the HTTP path's); another company than the caller's is not found. */
  @IsOptional()
  @IsUUID()
  companyId?: string;
}

/** Request of `accounts.policy.update`: the fields to change; the others keep their value. */
export class UpdateSecurityPolicyRequest {
  @Matches(REALM_NAME_PATTERN, { message: 'realm must be "company" or "env:<environment uuid>"' })
  realm!: string;

  /** The company addressed (the HTTP path's); another company than the caller's is not found. */
  @IsOptional()
  @IsUUID()
  companyId?: string;

  @IsOptional() @IsInt() @Min(8) @Max(PASSWORD_MAX_LENGTH)
  passwordMinLength?: number;

  @IsOptional() @IsInt() @Min(1) @Max(4)
  passwordMinClasses?: number;

  @IsOptional() @IsInt() @Min(0) @Max(3650)
  passwordExpiryDays?: number;

  @IsOptional() @IsInt() @Min(1) @Max(100)
  lockoutThreshold?: number;

  @IsOptional() @IsInt() @Min(1) @Max(86_400)
  lockoutWindowSeconds?: number;

  @IsOptional() @IsInt() @Min(1) @Max(86_400)
  lockoutDurationSeconds?: number;

  @IsOptional() @IsInt() @Min(60) @Max(86_400)
  idleTimeoutSeconds?: number;

  @IsOptional() @IsInt() @Min(1) @Max(100)
  maxSessions?: number;

  @IsOptional() @IsIn(MfaModes)
  mfa?: MfaMode;
}
