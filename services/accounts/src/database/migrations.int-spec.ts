import { describeMigrationContract } from '@fleet/shared-testing';
import { AccountsService } from '../service';

describeMigrationContract(AccountsService);
