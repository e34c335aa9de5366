import 'reflect-metadata';
import { main } from '@fleet/shared-service-kit';
import { PlatformService } from './service';

main(PlatformService);
