import 'reflect-metadata';
import { main } from '@fleet/shared-service-kit';
import { CatalogService } from './service';

main(CatalogService);
