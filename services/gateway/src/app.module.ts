import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GatewayAuthGuard } from './auth/auth.guard';
import { AuthHttpController } from './auth/auth.http.controller';
import { CredentialsHttpController } from './auth/credentials.http.controller';
import { OidcHttpController } from './auth/oidc.http.controller';
import { CompaniesHttpController } from './companies/companies.http.controller';
import { HealthHttpController } from './health/health.http.controller';
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
  imports: [OrganizationRoutesModule, WafModule],
  controllers: [HealthHttpController, AuthHttpController, CompaniesHttpController, CredentialsHttpController, SecurityPolicyHttpController, ServiceAccountsHttpController, IdentityProviderHttpController, EnvironmentIdentityProviderHttpController, OidcHttpController],
  providers: [Upstream, { provide: APP_GUARD, useClass: GatewayAuthGuard }],
})
export class GatewayModule {}
