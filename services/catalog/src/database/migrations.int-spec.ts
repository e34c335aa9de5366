import { describeMigrationContract } from '@fleet/shared-testing';
import { CatalogService } from '../service';

describeMigrationContract(CatalogService);
