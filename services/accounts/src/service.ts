import { ACCOUNTS_EVENT_SUBJECTS, ACCOUNTS_SERVICE } from '@fleet/contracts-accounts';
import type { ServiceDefinition } from '@fleet/shared-service-kit';
import { AccountsModule } from './app.module';
import { AccountsMigrations } from './database/migrations';
import { realmEntities } from './realms/realm.entity';

/** How the kit boots accounts. */
export const AccountsService: ServiceDefinition = {
  name: ACCOUNTS_SERVICE,
  entities: (d) => [...realmEntities(d)],
  migrations: AccountsMigrations,
  eventSubjects: ACCOUNTS_EVENT_SUBJECTS,
  module: AccountsModule,
};
