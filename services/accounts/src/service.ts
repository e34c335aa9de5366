import { ACCOUNTS_EVENT_SUBJECTS, ACCOUNTS_SERVICE } from '@fleet/contracts-accounts';
import type { ServiceDefinition } from '@fleet/shared-service-kit';
import { AccountsModule } from './app.module';
import { loginFailureEntities } from './auth/login-failure.entity';
import { accountsEnv } from './config';
import { authChallengeEntities } from './credentials/auth-challenge.entity';
import { AccountsMigrations } from './database/migrations';
import { signingKeyEntities } from './keys/signing-key.entity';
import { oidcEntities } from './oidc/oidc.entities';
import { realmPolicyEntities } from './policy/realm-policy.entity';
import { realmEntities } from './realms/realm.entity';
import { serviceAccountEntities } from './service-accounts/service-account.entity';
import { sessionEntities } from './sessions/session.entity';
import { userEntities } from './users/user.entity';

/** How the kit boots accounts. */
export const AccountsService: ServiceDefinition = {
  name: ACCOUNTS_SERVICE,
  env: accountsEnv,
  entities: (d) => [...realmEntities(d), ...userEntities(d), ...realmPolicyEntities(d), ...loginFailureEntities(d), ...sessionEntities(d), ...signingKeyEntities(d), ...authChallengeEntities(d), ...serviceAccountEntities(d), ...oidcEntities(d)],
  migrations: AccountsMigrations,
  eventSubjects: ACCOUNTS_EVENT_SUBJECTS,
  module: AccountsModule,
};
