import 'reflect-metadata';
import { migrateMain } from '@fleet/shared-service-kit';
import { SchedulerService } from './service';

migrateMain(SchedulerService);
