import { Init1732406400000 } from './1732406400000-init';

/** Every migration of management-console, oldest first. */
export const ManagementConsoleMigrations = [Init1732406400000];
