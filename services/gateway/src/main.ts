import 'reflect-metadata';
import { main } from '@fleet/shared-service-kit';
import { GatewayService } from './service';

main(GatewayService);
