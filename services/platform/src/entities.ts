import type { Dialect } from '@fleet/shared-database';
import { grantEntities } from './access/grant.entity';
import { bootstrapEntities } from './bootstrap/bootstrap-state.entity';
import { companyEntities } from './companies/company.entity';
import { invitationEntities } from './invitations/invitation.entity';
import { organizationEntities } from './organization/organization.entities';
import { companyUserEntities } from './users/company-user.entity';

/** Every entity schema of platform for one engine. */
export function platformEntities(d: Dialect) {
  return [...companyEntities(d), ...organizationEntities(d), ...companyUserEntities(d), ...grantEntities(d), ...invitationEntities(d), ...bootstrapEntities(d)];
}
