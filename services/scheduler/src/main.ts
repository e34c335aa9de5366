import 'reflect-metadata';
import { main } from '@fleet/shared-service-kit';
import { SchedulerService } from './service';

main(SchedulerService);
