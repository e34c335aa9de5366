import 'reflect-metadata';
import { migrateMain } from '@fleet/shared-service-kit';
import { ConnectorService } from './service';

migrateMain(ConnectorService);
