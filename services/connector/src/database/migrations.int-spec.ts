import { describeMigrationContract } from '@fleet/shared-testing';
import { ConnectorService } from '../service';

describeMigrationContract(ConnectorService);
