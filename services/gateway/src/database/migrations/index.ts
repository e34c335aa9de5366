import { Init1732406400000 } from './1732406400000-init';

/** Every migration of the gateway, oldest first. */
export const GatewayMigrations = [Init1732406400000];
