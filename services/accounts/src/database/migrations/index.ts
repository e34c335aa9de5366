import { Init1732406400000 } from './1732406400000-init';

/** Every migration of accounts, oldest first. */
export const AccountsMigrations = [Init1732406400000];
