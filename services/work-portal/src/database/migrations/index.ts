import { Init1732406400000 } from './1732406400000-init';

/** Every migration of work-portal, oldest first. */
export const WorkPortalMigrations = [Init1732406400000];
