import { Module } from '@nestjs/common';
import { AccessNatsController } from './access/access.nats.controller';
import { AccessService } from './access/access.service';
import { GrantsService } from './access/grants.service';
import { AccountsAuditConsumer } from './audit/accounts-audit.consumer';
import { AuditNatsController } from './audit/audit.nats.controller';
import { AuditService } from './audit/audit.service';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { CompaniesNatsController } from './companies/companies.nats.controller';
import { CompaniesService } from './companies/companies.service';
import { EnvironmentUsersNatsController } from './environment-users/environment-users.nats.controller';
import { EnvironmentUsersService } from './environment-users/environment-users.service';
import { AccountsClient } from './identity/accounts.client';
import { InvitationsNatsController } from './invitations/invitations.nats.controller';
import { InvitationsService } from './invitations/invitations.service';
import { OrganizationNatsController } from './organization/organization.nats.controller';
import { OrganizationService } from './organization/organization.service';
import { CompanyUsersNatsController } from './users/company-users.nats.controller';
import { CompanyUsersService } from './users/company-users.service';
import { ProvisionedUsersConsumer } from './users/provisioned-users.consumer';

/**
 * Root module of platform: the tenancy hierarchy (companies → subscriptions → projects →
 * environments), company user pools, role grants, invitations, the permission API, the security
 * audit, bootstrap.
 */
@Module({
  controllers: [CompaniesNatsController, CompanyUsersNatsController, OrganizationNatsController, AccessNatsController, InvitationsNatsController, EnvironmentUsersNatsController, AuditNatsController],
  providers: [AccessService, GrantsService, CompaniesService, CompanyUsersService, OrganizationService, InvitationsService, AccountsClient, BootstrapService, EnvironmentUsersService, AuditService, AccountsAuditConsumer, ProvisionedUsersConsumer],
})
export class PlatformModule {}
