import 'reflect-metadata';
import { main } from '@fleet/shared-service-kit';
import { ManagementConsoleService } from './service';

main(ManagementConsoleService);
