import { describeMigrationContract } from '@fleet/shared-testing';
import { PlatformService } from '../service';

describeMigrationContract(PlatformService);
