import { Init1732406400000 } from './1732406400000-init';

/** Every migration of smtp, oldest first. */
export const SmtpMigrations = [Init1732406400000];
