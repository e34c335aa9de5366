import { IsBoolean, IsEmail, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { REALM_NAME_PATTERN } from './realm-name';

/** Longest accepted password: bounds the work one request can cause (the policy sets the minimum). */
export const PASSWORD_MAX_LENGTH = 256;

/** States of a user account. */
export const UserStatuses = ['active', 'deactivated'] as const;
export type UserStatus = (typeof UserStatuses)[number];

/**
 * Request of `accounts.user.create`. Idempotent per realm + e-mail: the same user again answers
 * `created: false` (and changes nothing); the e-mail of another company's user in that realm
 * answers `ACCOUNTS.CONFLICT`. A password that breaks the realm's policy answers
 * `ACCOUNTS.VALIDATION` naming `password` and the rule.
 */
export class CreateUserRequest {
  /** `company` or `env:<environmentId>`. */
  @Matches(REALM_NAME_PATTERN, { message: 'realm must be "company" or "env:<environment uuid>"' })
  realm!: string;

  @IsUUID()
  companyId!: string;

  /** Compared and stored in lower case. */
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @Length(1, 120)
  displayName!: string;

  /** Without a password the user cannot sign in (until an invitation or reset sets one). */
  @IsOptional()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;

  /** Forces a password change at the next sign-in. */
  @IsOptional()
  @IsBoolean()
  mustChangePassword?: boolean;
}

/** Reply of `accounts.user.create`. */
export class CreateUserReply {
  @IsUUID()
  userId!: string;

  /** False when the user existed already (nothing was changed). */
  @IsBoolean()
  created!: boolean;
}

/** Request of `accounts.user.get`: scoped by company. */
export class GetUserRequest {
  @IsUUID()
  companyId!: string;

  @IsUUID()
  userId!: string;
}

/** Request of `accounts.user.deactivate` (revokes every session of the user; idempotent). */
export class DeactivateUserRequest {
  @IsUUID()
  companyId!: string;

  @IsUUID()
  userId!: string;
}

/** A user, without any credential material. */
export class UserReply {
  @IsUUID()
  id!: string;

  @IsUUID()
  companyId!: string;

  @Matches(REALM_NAME_PATTERN)
  realm!: string;

  @IsEmail()
  email!: string;

  @IsString()
  displayName!: string;

  @IsIn(UserStatuses)
  status!: UserStatus;

  @IsBoolean()
  mustChangePassword!: boolean;

  @IsISO8601()
  createdAt!: string;
}
