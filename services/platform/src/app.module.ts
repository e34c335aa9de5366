import { Module } from '@nestjs/common';
import { CompaniesModule } from './companies/companies.module';

/** Root module of platform: companies today; subscriptions, projects, environments and grants with identity. */
@Module({ imports: [CompaniesModule] })
export class PlatformModule {}
