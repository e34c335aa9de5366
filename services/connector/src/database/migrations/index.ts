import { Init1732406400000 } from './1732406400000-init';
import { Connectors1732752000000 } from './1732752000000-connectors';

/** Every migration of connector, oldest first. */
export const ConnectorMigrations = [Init1732406400000, Connectors1732752000000];
