import { Init1732406400000 } from './1732406400000-init';

/** Every migration of catalog, oldest first. */
export const CatalogMigrations = [Init1732406400000];
