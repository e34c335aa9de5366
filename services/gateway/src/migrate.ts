import 'reflect-metadata';
import { migrateMain } from '@fleet/shared-service-kit';
import { GatewayService } from './service';

migrateMain(GatewayService);
