import 'reflect-metadata';
import { migrateMain } from '@fleet/shared-service-kit';
import { WorkPortalService } from './service';

migrateMain(WorkPortalService);
