import { Init1732406400000 } from './1732406400000-init';
import { Catalog1732752000000 } from './1732752000000-catalog';

/** Every migration of catalog, oldest first. */
export const CatalogMigrations = [Init1732406400000, Catalog1732752000000];
