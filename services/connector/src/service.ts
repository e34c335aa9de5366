import { CONNECTOR_EVENT_SUBJECTS, CONNECTOR_SERVICE } from '@fleet/contracts-connector';
import { withPackageReceiver } from '@fleet/shared-package-receiver';
import type { ServiceDefinition } from '@fleet/shared-service-kit';
import { ConnectorModule } from './app.module';
import { connectorEnv } from './config';
import { ConnectorMigrations } from './database/migrations';
import { connectorPackageHooks } from './definitions/package-hooks';
import { connectorEntities } from './entities';

/** How the kit boots connector. */
export const ConnectorService: ServiceDefinition = withPackageReceiver({
  name: CONNECTOR_SERVICE,
  env: connectorEnv,
  entities: connectorEntities,
  migrations: ConnectorMigrations,
  eventSubjects: CONNECTOR_EVENT_SUBJECTS,
  module: ConnectorModule,
}, connectorPackageHooks);
