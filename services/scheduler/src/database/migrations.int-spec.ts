import { describeMigrationContract } from '@fleet/shared-testing';
import { SchedulerService } from '../service';

describeMigrationContract(SchedulerService);
