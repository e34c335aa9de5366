import { WORK_PORTAL_EVENT_SUBJECTS, WORK_PORTAL_SERVICE } from '@fleet/contracts-work-portal';
import { withPackageReceiver } from '@fleet/shared-package-receiver';
import type { ServiceDefinition } from '@fleet/shared-service-kit';
import { WorkPortalModule } from './app.module';
import { WorkPortalMigrations } from './database/migrations';

/** How the kit boots work-portal. */
export const WorkPortalService: ServiceDefinition = withPackageReceiver({
  name: WORK_PORTAL_SERVICE,
  entities: () => [],
  migrations: WorkPortalMigrations,
  eventSubjects: WORK_PORTAL_EVENT_SUBJECTS,
  module: WorkPortalModule,
});
