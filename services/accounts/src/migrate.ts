import 'reflect-metadata';
import { migrateMain } from '@fleet/shared-service-kit';
import { AccountsService } from './service';

migrateMain(AccountsService);
