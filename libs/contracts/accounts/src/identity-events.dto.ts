import { IsIn, IsIP, IsISO8601, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { REALM_NAME_PATTERN } from './realm-name';

/** Who created an account: an administrator/platform call (`api`) or an external provider's sign-in (`oidc`). */
export const UserSources = ['api', 'oidc'] as const;
export type UserSource = (typeof UserSources)[number];

/** Event `accounts.user.created`. */
export class UserCreatedEvent {
  @IsUUID()
  userId!: string;

  @IsUUID()
  companyId!: string;

  @Matches(REALM_NAME_PATTERN)
  realm!: string;

  @IsString()
  email!: string;

  /** How the account came to be: `oidc` when an external provider's sign-in provisioned it (platform then adds the person to the realm's user pool). */
  @IsOptional()
  @IsIn(UserSources)
  source?: UserSource;

  @IsOptional()
  @IsString()
  displayName?: string;

  @IsISO8601()
  at!: string;
}

/** Event `accounts.user.deactivated`. */
export class UserDeactivatedEvent {
  @IsUUID()
  userId!: string;

  @IsUUID()
  companyId!: string;

  @Matches(REALM_NAME_PATTERN)
  realm!: string;

  @IsISO8601()
  at!: string;
}

/** Why a sign-in was refused (audit only: the caller always gets the same generic answer). */
export const LoginFailureReasons = ['unknown-user', 'bad-password', 'no-password', 'deactivated', 'locked', 'bad-code'] as const;
export type LoginFailureReason = (typeof LoginFailureReasons)[number];

/** Event `accounts.login.failed` (audit: who, realm, company, from where, when, why). */
export class LoginFailedEvent {
  /** The e-mail that was tried (lower case). */
  @IsString()
  email!: string;

  @Matches(REALM_NAME_PATTERN)
  realm!: string;

  /** Set when the e-mail belongs to a user of the realm. */
  @IsOptional()
  @IsUUID()
  userId?: string;

  @IsOptional()
  @IsUUID()
  companyId?: string;

  @IsOptional()
  @IsIP()
  clientIp?: string;

  @IsIn(LoginFailureReasons)
  reason!: LoginFailureReason;

  @IsISO8601()
  at!: string;
}

/** Event `accounts.login.succeeded` (audit). */
export class LoginSucceededEvent {
  @IsUUID()
  userId!: string;

  @IsUUID()
  companyId!: string;

  @Matches(REALM_NAME_PATTERN)
  realm!: string;

  /** The new session (the `sid` of its tokens). */
  @IsUUID()
  sessionId!: string;

  @IsOptional()
  @IsIP()
  clientIp?: string;

  @IsISO8601()
  at!: string;
}

/** What a lockout applies to: the account (e-mail in its realm) or the client address. */
export const LockScopes = ['account', 'address'] as const;
export type LockScope = (typeof LockScopes)[number];

/** Event `accounts.user.locked`: too many failures within the realm's window (audit). */
export class UserLockedEvent {
  @IsIn(LockScopes)
  scope!: LockScope;

  /** The e-mail whose failure triggered the lockout. */
  @IsString()
  email!: string;

  @Matches(REALM_NAME_PATTERN)
  realm!: string;

  @IsOptional()
  @IsUUID()
  userId?: string;

  @IsOptional()
  @IsUUID()
  companyId?: string;

  @IsOptional()
  @IsIP()
  clientIp?: string;

  @IsISO8601()
  lockedUntil!: string;

  @IsISO8601()
  at!: string;
}

/** Why a session was revoked. */
export const SessionRevokeReasons = ['logout', 'refresh-reuse', 'max-sessions', 'idle-timeout', 'user-deactivated', 'password-changed', 'password-reset'] as const;
export type SessionRevokeReason = (typeof SessionRevokeReasons)[number];

/** Event `accounts.session.revoked`: tokens carrying this `sid` must be refused. */
export class SessionRevokedEvent {
  @IsUUID()
  sessionId!: string;

  @IsUUID()
  userId!: string;

  @IsUUID()
  companyId!: string;

  @Matches(REALM_NAME_PATTERN)
  realm!: string;

  @IsIn(SessionRevokeReasons)
  reason!: SessionRevokeReason;

  @IsISO8601()
  at!: string;
}

/** What happened to a customer service account (audit). */
export const ServiceAccountChanges = ['created', 'revoked', 'token-issued', 'token-refused'] as const;
export type ServiceAccountChange = (typeof ServiceAccountChanges)[number];

/** Event `accounts.service-account.changed`: the company's audit log records it. */
export class ServiceAccountChangedEvent {
  @IsUUID()
  serviceAccountId!: string;

  @IsUUID()
  companyId!: string;

  @IsString()
  name!: string;

  @IsIn(ServiceAccountChanges)
  change!: ServiceAccountChange;

  /** Who did it: the administrator for created/revoked; absent for grants (the client itself). */
  @IsOptional()
  @IsString()
  actorId?: string;

  @IsOptional()
  @IsIP()
  clientIp?: string;

  /** Why a grant was refused (`bad-secret`, `revoked`); never the secret. */
  @IsOptional()
  @IsString()
  reason?: string;

  @IsISO8601()
  at!: string;
}
