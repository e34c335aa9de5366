import 'reflect-metadata';
import { main } from '@fleet/shared-service-kit';
import { ConnectorService } from './service';

main(ConnectorService);
