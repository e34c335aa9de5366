import { SMTP_EVENT_SUBJECTS, SMTP_SERVICE } from '@fleet/contracts-smtp';
import type { ServiceDefinition } from '@fleet/shared-service-kit';
import { SmtpModule } from './app.module';
import { SmtpMigrations } from './database/migrations';

/** How the kit boots smtp. */
export const SmtpService: ServiceDefinition = {
  name: SMTP_SERVICE,
  entities: () => [],
  migrations: SmtpMigrations,
  eventSubjects: SMTP_EVENT_SUBJECTS,
  module: SmtpModule,
};
