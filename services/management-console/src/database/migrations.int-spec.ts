import { describeMigrationContract } from '@fleet/shared-testing';
import { ManagementConsoleService } from '../service';

describeMigrationContract(ManagementConsoleService);
