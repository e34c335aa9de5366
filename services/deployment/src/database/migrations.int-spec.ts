import { describeMigrationContract } from '@fleet/shared-testing';
import { DeploymentService } from '../service';

describeMigrationContract(DeploymentService);
