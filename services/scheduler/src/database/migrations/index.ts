import { Init1732406400000 } from './1732406400000-init';
import { Jobs1733011200000 } from './1733011200000-jobs';

/** Every migration of scheduler, oldest first. */
export const SchedulerMigrations = [Init1732406400000, Jobs1733011200000];
