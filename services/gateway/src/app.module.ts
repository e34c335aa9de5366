import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GatewayAuthGuard } from './auth/auth.guard';
import { AuthHttpController } from './auth/auth.http.controller';
import { CredentialsHttpController } from './auth/credentials.http.controller';
import { OidcHttpController } from './auth/oidc.http.controller';
import { CatalogRoutesModule } from './catalog/catalog.module';
import { CompaniesHttpController } from './companies/companies.http.controller';
import { ConnectorRoutesModule } from './connectors/connectors.module';
import { ConsoleJobsRoutesModule } from './console-jobs/console-jobs.module';
import { DeploymentRoutesModule } from './deployment/deployment.module';
import { HealthHttpController } from './health/health.http.controller';
import { MaintenanceGateModule } from './maintenance/maintenance.module';
import { NotificationsRoutesModule } from './notifications/notifications.module';
import { EnvironmentIdentityProviderHttpController } from './organization/environment-identity-provider.http.controller';
import { IdentityProviderHttpController } from './organization/identity-provider.http.controller';
import { OrganizationRoutesModule } from './organization/organization.module';
import { SecurityPolicyHttpController } from './organization/security-policy.http.controller';
import { ServiceAccountsHttpController } from './service-accounts/service-accounts.http.controller';
import { Upstream } from './upstream/upstream.service';
import { WafModule } from './waf/waf.module';

/**
 * Root module of the gateway: HTTP routes mapped to service subjects. GatewayAuthGuard runs before
 * every route: a valid access token is required unless the route is `@Public()`.
 */
@Module({
  imports: [OrganizationRoutesModule, NotificationsRoutesModule, ConnectorRoutesModule, CatalogRoutesModule, DeploymentRoutesModule, MaintenanceGateModule, ConsoleJobsRoutesModule, WafModule],
  controllers: [HealthHttpController, AuthHttpController, CompaniesHttpController, CredentialsHttpController, SecurityPolicyHttpController, ServiceAccountsHttpController, IdentityProviderHttpController, EnvironmentIdentityProviderHttpController, OidcHttpController],
  providers: [Upstream, { provide: APP_GUARD, useClass: GatewayAuthGuard }],
})
export class GatewayModule {}
