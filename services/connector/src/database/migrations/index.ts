import { Init1732406400000 } from './1732406400000-init';

/** Every migration of connector, oldest first. */
export const ConnectorMigrations = [Init1732406400000];
