import { CATALOG_EVENT_SUBJECTS, CATALOG_SERVICE } from '@fleet/contracts-catalog';
import type { ServiceDefinition } from '@fleet/shared-service-kit';
import { CatalogModule } from './app.module';
import { CatalogMigrations } from './database/migrations';
import { catalogEntities } from './store/catalog.entities';

/** How the kit boots catalog. */
export const CatalogService: ServiceDefinition = {
  name: CATALOG_SERVICE,
  entities: catalogEntities,
  migrations: CatalogMigrations,
  eventSubjects: CATALOG_EVENT_SUBJECTS,
  module: CatalogModule,
};
