import { Module } from '@nestjs/common';
import { CompaniesHttpController } from './companies/companies.http.controller';
import { HealthHttpController } from './health/health.http.controller';
import { Upstream } from './upstream/upstream.service';

/** Root module of the gateway: HTTP routes mapped to service subjects. */
@Module({ controllers: [HealthHttpController, CompaniesHttpController], providers: [Upstream] })
export class GatewayModule {}
