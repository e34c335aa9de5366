import 'reflect-metadata';
import { migrateMain } from '@fleet/shared-service-kit';
import { ManagementConsoleService } from './service';

migrateMain(ManagementConsoleService);
