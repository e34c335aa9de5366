import { describeMigrationContract } from '@fleet/shared-testing';
import { GatewayService } from '../service';

describeMigrationContract(GatewayService);
