import { Init1732406400000 } from './1732406400000-init';

/** Every migration of scheduler, oldest first. */
export const SchedulerMigrations = [Init1732406400000];
