import { describeMigrationContract } from '@fleet/shared-testing';
import { WorkPortalService } from '../service';

describeMigrationContract(WorkPortalService);
