import { healthCheckSubject } from '@fleet/contracts-fleet';

/** The service name: NATS queue group, subject root and error-code prefix. */
export const PLATFORM_SERVICE = 'platform';

/**
 * Request subjects of the platform service (`platform.<entity>.<verb>`). Every request except the
 * health check carries the caller's access token in the `authorization` header; platform verifies
 * it and decides with its own grants.
 */
export const PlatformSubjects = {
  /** Measured readiness. Request: HealthCheckRequest, reply: HealthCheckReply. */
  healthCheck: healthCheckSubject('platform'),
  /** Create a company (platform operators). CreateCompanyRequest → CompanyReply. Emits platform.company.created. */
  companyCreate: 'platform.company.create',
  /** Read one company. GetCompanyRequest → CompanyReply. */
  companyGet: 'platform.company.get',
  /** List the companies the caller may see. ListCompaniesRequest → CompanyListReply. */
  companyList: 'platform.company.list',
  /** Add a person to a company's user pool. CreateCompanyUserRequest → CompanyUserReply. */
  companyUserCreate: 'platform.company-user.create',
  /** Bulk import from CSV. ImportCompanyUsersRequest → ImportCompanyUsersReply. */
  companyUserImport: 'platform.company-user.import',
  /** List a company's users. ListCompanyUsersRequest → CompanyUserListReply. */
  companyUserList: 'platform.company-user.list',
  /** Read one company user. GetCompanyUserRequest → CompanyUserReply. */
  companyUserGet: 'platform.company-user.get',
  /** Deactivate (sessions revoked, grants kept for the record). GetCompanyUserRequest → CompanyUserReply. */
  companyUserDeactivate: 'platform.company-user.deactivate',
  /** Create the company's subscription of a kind. CreateSubscriptionRequest → SubscriptionReply. */
  subscriptionCreate: 'platform.subscription.create',
  /** SubscriptionListRequest → SubscriptionListReply. */
  subscriptionList: 'platform.subscription.list',
  /** GetSubscriptionRequest → SubscriptionReply. */
  subscriptionGet: 'platform.subscription.get',
  /** CreateProjectRequest → ProjectReply (the creator becomes its owner). */
  projectCreate: 'platform.project.create',
  /** ListProjectsRequest → ProjectListReply (only the projects the caller may read). */
  projectList: 'platform.project.list',
  /** GetProjectRequest → ProjectReply. */
  projectGet: 'platform.project.get',
  /** DeleteProjectRequest (with confirmation) → ProjectReply; deletes its environments. */
  projectDelete: 'platform.project.delete',
  /** CreateEnvironmentRequest → EnvironmentReply. */
  environmentCreate: 'platform.environment.create',
  /** ListEnvironmentsRequest → EnvironmentListReply. */
  environmentList: 'platform.environment.list',
  /** GetEnvironmentRequest → EnvironmentReply. */
  environmentGet: 'platform.environment.get',
  /** A Work Portal user of an environment. CreateEnvironmentUserRequest → EnvironmentUserReply. */
  environmentUserCreate: 'platform.environment-user.create',
  /** UpdateEnvironmentUserRequest → EnvironmentUserReply. */
  environmentUserUpdate: 'platform.environment-user.update',
  /** GetEnvironmentUserRequest → EnvironmentUserReply. */
  environmentUserGet: 'platform.environment-user.get',
  /** ListEnvironmentUsersRequest → EnvironmentUserListReply. */
  environmentUserList: 'platform.environment-user.list',
  /** ImportEnvironmentUsersRequest → ImportCompanyUsersReply (same row-error shape). */
  environmentUserImport: 'platform.environment-user.import',
  /** GrantRoleRequest → GrantReply. */
  grantCreate: 'platform.grant.create',
  /** RevokeGrantRequest → GrantReply. */
  grantRevoke: 'platform.grant.revoke',
  /** ListGrantsRequest → GrantListReply. */
  grantList: 'platform.grant.list',
  /** CreateInvitationRequest → InvitationReply (the token only goes out by e-mail). */
  invitationCreate: 'platform.invitation.create',
  /** AcceptInvitationRequest (public: proven by the token) → InvitationReply. */
  invitationAccept: 'platform.invitation.accept',
  /** ListInvitationsRequest → InvitationListReply. */
  invitationList: 'platform.invitation.list',
  /** "May principal P do action A on resource R?" PermissionCheckRequest → PermissionCheckReply. */
  permissionCheck: 'platform.permission.check',
  /** A company's security audit. ListAuditRequest → AuditListReply. */
  auditList: 'platform.audit.list',
  /** The caller's own roles. MyAccessRequest → MyAccessReply. */
  accessMine: 'platform.access.mine',
} as const;

/** Event subjects of the platform service (past tense): the subjects of its JetStream stream. */
export const PlatformEvents = {
  /** A company was created. Payload: CompanyCreatedEvent. */
  companyCreated: 'platform.company.created',
  /** A person joined a company's user pool. Payload: CompanyUserEvent. */
  companyUserCreated: 'platform.company-user.created',
  /** A company user was deactivated. Payload: CompanyUserEvent. */
  companyUserDeactivated: 'platform.company-user.deactivated',
  /** A project was created. Payload: ProjectEvent. */
  projectCreated: 'platform.project.created',
  /** A project and its environments were deleted. Payload: ProjectEvent. */
  projectDeleted: 'platform.project.deleted',
  /** An environment was created. Payload: EnvironmentEvent. */
  environmentCreated: 'platform.environment.created',
  /** A grant was given or revoked (permission caches drop what they hold). Payload: GrantChangedEvent. */
  grantChanged: 'platform.grant.changed',
  /** An invitation was issued: smtp sends the e-mail. Payload: InvitationIssuedEvent (carries the one-time link token). */
  invitationIssued: 'platform.invitation.issued',
} as const;

/** Every event subject, for the stream definition. */
export const PLATFORM_EVENT_SUBJECTS: readonly string[] = Object.values(PlatformEvents);
