import 'reflect-metadata';
import { migrateMain } from '@fleet/shared-service-kit';
import { CatalogService } from './service';

migrateMain(CatalogService);
