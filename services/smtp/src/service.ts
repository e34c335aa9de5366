import { SMTP_EVENT_SUBJECTS, SMTP_SERVICE } from '@fleet/contracts-smtp';
import type { ServiceDefinition } from '@fleet/shared-service-kit';
import { SmtpModule } from './app.module';
import { smtpEnv } from './config';
import { SmtpMigrations } from './database/migrations';
import { smtpEntities } from './entities';

/** How the kit boots smtp. */
export const SmtpService: ServiceDefinition = {
  name: SMTP_SERVICE,
  env: smtpEnv,
  entities: smtpEntities,
  migrations: SmtpMigrations,
  eventSubjects: SMTP_EVENT_SUBJECTS,
  module: SmtpModule,
};
