import { PLATFORM_EVENT_SUBJECTS, PLATFORM_SERVICE } from '@fleet/contracts-platform';
import type { ServiceDefinition } from '@fleet/shared-service-kit';
import { PlatformModule } from './app.module';
import { companyEntities } from './companies/company.entity';
import { PlatformMigrations } from './database/migrations';

/** How the kit boots platform. */
export const PlatformService: ServiceDefinition = {
  name: PLATFORM_SERVICE,
  entities: (d) => [...companyEntities(d)],
  migrations: PlatformMigrations,
  eventSubjects: PLATFORM_EVENT_SUBJECTS,
  module: PlatformModule,
};
