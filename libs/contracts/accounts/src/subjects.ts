import { healthCheckSubject } from '@fleet/contracts-fleet';

/** The service name: NATS queue group, subject root and error-code prefix. */
export const ACCOUNTS_SERVICE = 'accounts';

/** Request subjects of the accounts service (`accounts.<entity>.<verb>`). */
export const AccountsSubjects = {
  /** Measured readiness. Request: HealthCheckRequest, reply: HealthCheckReply. */
  healthCheck: healthCheckSubject('accounts'),
  /** The identity realm of a company. Request: GetCompanyRealmRequest, reply: RealmReply. */
  realmGetForCompany: 'accounts.realm.get',
  /** Creates a user (idempotent per realm + e-mail). Request: CreateUserRequest, reply: CreateUserReply. */
  userCreate: 'accounts.user.create',
  /** Deactivates a user and revokes its sessions. Request: DeactivateUserRequest, reply: UserReply. */
  userDeactivate: 'accounts.user.deactivate',
  /** One user of a company. Request: GetUserRequest, reply: UserReply. */
  userGet: 'accounts.user.get',
  /** Password sign-in. Request: LoginRequest, reply: TokenPairReply. */
  authLogin: 'accounts.auth.login',
  /** Refresh-token rotation. Request: RefreshRequest, reply: TokenPairReply. */
  authRefresh: 'accounts.auth.refresh',
  /** Revokes the session of a refresh token. Request: LogoutRequest, reply: LogoutReply. */
  authLogout: 'accounts.auth.logout',
  /** Public signing keys. Request: JwksRequest, reply: JwksReply. */
  jwksGet: 'accounts.jwks.get',
  /** Whether a session (the `sid` of an access token) is still active. Request: SessionCheckRequest, reply: SessionCheckReply. */
  sessionCheck: 'accounts.session.check',
} as const;

/** Event subjects of the accounts service (past tense): the subjects of its JetStream stream. */
export const AccountsEvents = {
  /** A realm was provisioned. Payload: RealmCreatedEvent. */
  realmCreated: 'accounts.realm.created',
  /** A user was created. Payload: UserCreatedEvent. */
  userCreated: 'accounts.user.created',
  /** A user was deactivated. Payload: UserDeactivatedEvent. */
  userDeactivated: 'accounts.user.deactivated',
  /** A sign-in was refused (audit). Payload: LoginFailedEvent. */
  loginFailed: 'accounts.login.failed',
  /** A sign-in succeeded (audit). Payload: LoginSucceededEvent. */
  loginSucceeded: 'accounts.login.succeeded',
  /** An account or a client address was locked out after repeated failures (audit). Payload: UserLockedEvent. */
  userLocked: 'accounts.user.locked',
  /** A session (refresh-token family) was revoked. Payload: SessionRevokedEvent. */
  sessionRevoked: 'accounts.session.revoked',
} as const;

/** Every event subject, for the stream definition. */
export const ACCOUNTS_EVENT_SUBJECTS: readonly string[] = Object.values(AccountsEvents);
