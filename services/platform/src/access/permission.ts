import type { Principal } from '@fleet/contracts-fleet';
import { Actions, type Action, type ResourceType, type Role } from '@fleet/contracts-platform';

/** A role the principal holds (from platform's grants table). */
export interface HeldGrant {
  role: Role;
  resourceType: ResourceType;
  resourceId: string;
}

/** A resource with its ancestors, as platform's own tables place it. */
export interface ResourceFacts {
  type: ResourceType;
  id: string;
  companyId: string;
  subscriptionId?: string;
  projectId?: string;
  environmentId?: string;
}

export interface Decision {
  /** May the principal see the resource at all (else: answer NOT_FOUND, never revealing it exists)? */
  visible: boolean;
  allowed: boolean;
  reason: string;
}

const READ_ACTION: Record<ResourceType, Action | undefined> = {
  installation: undefined,
  company: 'company.read',
  subscription: 'subscription.read',
  project: 'project.read',
  environment: 'environment.read',
};

/** Actions each role allows on a resource it covers (its own resource or a descendant). */
const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  platform_operator: ['company.create', 'company.read'],
  // everything inside the company except creating companies and using a Work Portal as an end user
  company_admin: Actions.filter((a) => a !== 'company.create' && a !== 'workportal.use'),
  subscription_owner: ['company.read', 'subscription.read', 'subscription.manage', 'project.create', 'project.read', 'project.manage', 'project.collaborate', 'project.deploy', 'environment.read', 'environment.manage', 'environment.users.manage'],
  project_owner: ['company.read', 'project.read', 'project.manage', 'project.collaborate', 'project.deploy', 'environment.read', 'environment.manage', 'environment.users.manage'],
  collaborator: ['company.read', 'project.read', 'project.collaborate', 'environment.read'],
  end_user: ['workportal.use'],
};

/** Does a grant cover the resource (the resource itself, or one of its descendants)? */
function covers(g: HeldGrant, r: ResourceFacts): boolean {
  switch (g.resourceType) {
    case 'installation':
      return true;
    case 'company':
      return g.resourceId === r.companyId;
    case 'subscription':
      return g.resourceId === r.subscriptionId;
    case 'project':
      return g.resourceId === r.projectId;
    case 'environment':
      return g.resourceId === r.environmentId;
  }
}

/** Company-level reads are allowed to anyone holding any role in that company. */
function holdsAnyRoleIn(grants: HeldGrant[], companyId: string, principal: Principal): boolean {
  return principal.companyId === companyId && grants.some((g) => g.role !== 'platform_operator');
}

function allows(principal: Principal, grants: HeldGrant[], action: Action, r: ResourceFacts): string | undefined {
  const operator = grants.find((g) => g.role === 'platform_operator');
  if (operator && ROLE_ACTIONS.platform_operator.includes(action)) return 'platform_operator';
  if (r.companyId !== principal.companyId) return undefined;
  if (action === 'company.read' && r.type === 'company' && holdsAnyRoleIn(grants, r.companyId, principal)) return 'member of the company';
  const wantsEnvRealm = action === 'workportal.use';
  if (wantsEnvRealm !== principal.realm.startsWith('env:')) return undefined;
  if (wantsEnvRealm && principal.environmentId !== r.environmentId) return undefined;
  const g = grants.find((x) => ROLE_ACTIONS[x.role].includes(action) && covers(x, r));
  return g ? `${g.role} on ${g.resourceType} ${g.resourceId}` : undefined;
}

/**
 * The one place platform decides "may principal P do action A on resource R?". Other companies'
 * resources are invisible; inside the company, visibility is the read action on that resource.
 */
export function decide(principal: Principal, grants: HeldGrant[], action: Action, r: ResourceFacts): Decision {
  // an end user's only window on an environment is its Work Portal
  const read = action === 'workportal.use' ? undefined : READ_ACTION[r.type];
  const visibleBy = read ? allows(principal, grants, read, r) : allows(principal, grants, action, r);
  if (!visibleBy && action !== 'company.create') return { visible: false, allowed: false, reason: 'not visible to the caller' };
  const by = allows(principal, grants, action, r);
  return by ? { visible: true, allowed: true, reason: `allowed as ${by}` } : { visible: true, allowed: false, reason: `${action} needs a role the caller does not hold` };
}
