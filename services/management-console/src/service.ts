import { MANAGEMENT_CONSOLE_EVENT_SUBJECTS, MANAGEMENT_CONSOLE_SERVICE } from '@fleet/contracts-management-console';
import { withPackageReceiver } from '@fleet/shared-package-receiver';
import type { ServiceDefinition } from '@fleet/shared-service-kit';
import { ManagementConsoleModule } from './app.module';
import { ManagementConsoleMigrations } from './database/migrations';

/** How the kit boots management-console. */
export const ManagementConsoleService: ServiceDefinition = withPackageReceiver({
  name: MANAGEMENT_CONSOLE_SERVICE,
  entities: () => [],
  migrations: ManagementConsoleMigrations,
  eventSubjects: MANAGEMENT_CONSOLE_EVENT_SUBJECTS,
  module: ManagementConsoleModule,
});
