import { Init1732406400000 } from './1732406400000-init';
import { Identity1795000000000 } from './1795000000000-identity';

/** Every migration of accounts, oldest first. */
export const AccountsMigrations = [Init1732406400000, Identity1795000000000];
