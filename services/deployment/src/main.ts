import 'reflect-metadata';
import { main } from '@fleet/shared-service-kit';
import { DeploymentService } from './service';

main(DeploymentService);
