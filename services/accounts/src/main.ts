import 'reflect-metadata';
import { main } from '@fleet/shared-service-kit';
import { AccountsService } from './service';

main(AccountsService);
