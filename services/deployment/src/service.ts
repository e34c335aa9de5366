import { DEPLOYMENT_EVENT_SUBJECTS, DEPLOYMENT_SERVICE } from '@fleet/contracts-deployment';
import type { ServiceDefinition } from '@fleet/shared-service-kit';
import { DeploymentModule } from './app.module';
import { DeploymentMigrations } from './database/migrations';

/** How the kit boots deployment. */
export const DeploymentService: ServiceDefinition = {
  name: DEPLOYMENT_SERVICE,
  entities: () => [],
  migrations: DeploymentMigrations,
  eventSubjects: DEPLOYMENT_EVENT_SUBJECTS,
  module: DeploymentModule,
};
