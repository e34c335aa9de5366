import type { Dialect } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';
import { grantEntities } from './access/grant.entity';
import { auditEntities } from './audit/audit-entry.entity';
import { bootstrapEntities } from './bootstrap/bootstrap-state.entity';
import { companyEntities } from './companies/company.entity';
import { environmentUserEntities } from './environment-users/environment-user.entity';
import { invitationEntities } from './invitations/invitation.entity';
import { organizationEntities } from './organization/organization.entities';
import { companyUserEntities } from './users/company-user.entity';

/** Every entity schema of platform for one engine. */
export function platformEntities(d: Dialect): EntitySchema[] {
  return [...companyEntities(d), ...organizationEntities(d), ...companyUserEntities(d), ...grantEntities(d), ...invitationEntities(d), ...bootstrapEntities(d), ...environmentUserEntities(d), ...auditEntities(d)];
}
