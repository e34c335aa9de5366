import 'reflect-metadata';
import { main } from '@fleet/shared-service-kit';
import { WorkPortalService } from './service';

main(WorkPortalService);
