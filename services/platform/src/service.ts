import { PLATFORM_EVENT_SUBJECTS, PLATFORM_SERVICE } from '@fleet/contracts-platform';
import type { ServiceDefinition } from '@fleet/shared-service-kit';
import { platformEnv } from './config';
import { PlatformMigrations } from './database/migrations';
import { platformEntities } from './entities';
import { PlatformModule } from './platform.module';

/** How the kit boots platform. */
export const PlatformService: ServiceDefinition = {
  name: PLATFORM_SERVICE,
  env: platformEnv,
  entities: platformEntities,
  migrations: PlatformMigrations,
  eventSubjects: PLATFORM_EVENT_SUBJECTS,
  module: PlatformModule,
};
