/**
 * Predefined, non-editable roles (the product's model). A person must be a company user before
 * holding any role; a user with no role can do nothing.
 */
export const Roles = {
  /** Runs the installation: creates companies. Held by the bootstrap user. */
  PLATFORM_OPERATOR: 'platform_operator',
  /** Everything in one company, including its user pool. */
  COMPANY_ADMIN: 'company_admin',
  /** One subscription (members, projects in it). */
  SUBSCRIPTION_OWNER: 'subscription_owner',
  /** The creator of a project: invites collaborators, sets security, applies deployments. */
  PROJECT_OWNER: 'project_owner',
  /** Works on a project's metadata. */
  COLLABORATOR: 'collaborator',
  /** Works in one environment's Work Portal (environment realm). */
  END_USER: 'end_user',
} as const;
export type Role = (typeof Roles)[keyof typeof Roles];
export const ALL_ROLES = Object.values(Roles);

/** What a grant applies to. */
export const ResourceTypes = ['installation', 'company', 'subscription', 'project', 'environment'] as const;
export type ResourceType = (typeof ResourceTypes)[number];

/** The resource type each role is granted on. */
export const ROLE_RESOURCE: Record<Role, ResourceType> = {
  platform_operator: 'installation',
  company_admin: 'company',
  subscription_owner: 'subscription',
  project_owner: 'project',
  collaborator: 'project',
  end_user: 'environment',
};

/** Subscription kinds: one subscription per kind per company. */
export const SubscriptionKinds = ['modeler', 'studio', 'automation'] as const;
export type SubscriptionKind = (typeof SubscriptionKinds)[number];

/** Environment kinds of a project, in promotion order. */
export const EnvironmentKinds = ['development', 'test', 'staging', 'production'] as const;
export type EnvironmentKind = (typeof EnvironmentKinds)[number];

/**
 * Actions the permission API decides. `read` actions decide visibility (404 when denied);
 * the others decide what may be done on something visible (403 when denied).
 */
export const Actions = [
  'company.create',
  'company.read',
  'company.manage',
  'company.users.manage',
  'subscription.read',
  'subscription.manage',
  'project.create',
  'project.read',
  'project.manage',
  'project.collaborate',
  'project.deploy',
  'environment.read',
  'environment.manage',
  'environment.users.manage',
  'workportal.use',
] as const;
export type Action = (typeof Actions)[number];
