import 'reflect-metadata';
import { migrateMain } from '@fleet/shared-service-kit';
import { PlatformService } from './service';

migrateMain(PlatformService);
