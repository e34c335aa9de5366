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
  /** Client-credentials grant (service identity). Request: ClientCredentialsRequest, reply: ServiceTokenReply. */
  authToken: 'accounts.auth.token',
  /** A company's machine client. Request: CreateServiceAccountRequest, reply: CreatedServiceAccountReply (secret shown once). */
  serviceAccountCreate: 'accounts.service-account.create',
  /** A company's service accounts. Request: ListServiceAccountsRequest, reply: ServiceAccountListReply. */
  serviceAccountList: 'accounts.service-account.list',
  /** Revokes a service account. Request: RevokeServiceAccountRequest, reply: ServiceAccountReply. */
  serviceAccountRevoke: 'accounts.service-account.revoke',
  /** Changes the caller's own password. Request: ChangePasswordRequest (token in `authorization`), reply: ChangePasswordReply. */
  passwordChange: 'accounts.password.change',
  /** Completes a sign-in that requires a new password. Request: CompletePasswordChangeRequest, reply: TokenPairReply. */
  authPassword: 'accounts.auth.password',
  /** Second step of an MFA sign-in. Request: MfaLoginRequest, reply: TokenPairReply. */
  authMfa: 'accounts.auth.mfa',
  /** Starts a password reset (public; same answer for every e-mail). Request: PasswordResetRequest, reply: PasswordResetRequestReply. */
  passwordResetRequest: 'accounts.password-reset.request',
  /** Sets a new password with a reset token. Request: PasswordResetCompleteRequest, reply: PasswordResetCompleteReply. */
  passwordResetComplete: 'accounts.password-reset.complete',
  /** A realm's security policy. Request: GetSecurityPolicyRequest, reply: SecurityPolicyReply. */
  policyGet: 'accounts.policy.get',
  /** Changes a realm's security policy. Request: UpdateSecurityPolicyRequest, reply: SecurityPolicyReply. */
  policyUpdate: 'accounts.policy.update',
  /** The company realm's external OpenID Connect provider. Request: OidcProviderAddress, reply: OidcProviderReply. */
  oidcProviderGet: 'accounts.oidc-provider.get',
  /** Sets (replaces) it. Request: SetOidcProviderRequest, reply: OidcProviderReply. */
  oidcProviderSet: 'accounts.oidc-provider.set',
  /** Removes it. Request: OidcProviderAddress, reply: DeleteOidcProviderReply. */
  oidcProviderDelete: 'accounts.oidc-provider.delete',
  /** Starts a sign-in at the external provider (public). Request: OidcStartRequest, reply: OidcStartReply. */
  authOidcStart: 'accounts.auth.oidc-start',
  /** Completes it with the provider's code (public). Request: OidcCallbackRequest, reply: TokenPairReply. */
  authOidcCallback: 'accounts.auth.oidc-callback',
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
  /** A password reset was requested for an existing user: smtp e-mails the token. Payload: PasswordResetRequestedEvent. */
  passwordResetRequested: 'accounts.password-reset.requested',
  /** A sign-in one-time code was issued: smtp e-mails it. Payload: OtpIssuedEvent. */
  otpIssued: 'accounts.otp.issued',
  /** A customer service account was created or revoked, or one of its client-credentials grants was issued or refused (audit). Payload: ServiceAccountChangedEvent. */
  serviceAccountChanged: 'accounts.service-account.changed',
} as const;

/** Every event subject, for the stream definition. */
export const ACCOUNTS_EVENT_SUBJECTS: readonly string[] = Object.values(AccountsEvents);
