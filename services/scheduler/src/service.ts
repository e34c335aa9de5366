import { SCHEDULER_EVENT_SUBJECTS, SCHEDULER_SERVICE } from '@fleet/contracts-scheduler';
import { withPackageReceiver } from '@fleet/shared-package-receiver';
import type { ServiceDefinition } from '@fleet/shared-service-kit';
import { SchedulerModule } from './app.module';
import { schedulerEnv } from './config';
import { SchedulerMigrations } from './database/migrations';
import { schedulerEntities } from './jobs/job.entity';

/** How the kit boots scheduler. */
export const SchedulerService: ServiceDefinition = withPackageReceiver({
  name: SCHEDULER_SERVICE,
  env: schedulerEnv,
  entities: schedulerEntities,
  migrations: SchedulerMigrations,
  eventSubjects: SCHEDULER_EVENT_SUBJECTS,
  module: SchedulerModule,
});
