import 'reflect-metadata';
import { migrateMain } from '@fleet/shared-service-kit';
import { DeploymentService } from './service';

migrateMain(DeploymentService);
