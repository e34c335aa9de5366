import { DEPLOYMENT_EVENT_SUBJECTS, DEPLOYMENT_SERVICE } from '@fleet/contracts-deployment';
import type { ServiceDefinition } from '@fleet/shared-service-kit';
import { DeploymentModule } from './app.module';
import { deploymentEnv } from './config';
import { DeploymentMigrations } from './database/migrations';
import { deploymentServiceEntities } from './entities';

/** How the kit boots deployment. */
export const DeploymentService: ServiceDefinition = {
  name: DEPLOYMENT_SERVICE,
  env: deploymentEnv,
  entities: deploymentServiceEntities,
  migrations: DeploymentMigrations,
  eventSubjects: DEPLOYMENT_EVENT_SUBJECTS,
  module: DeploymentModule,
};
