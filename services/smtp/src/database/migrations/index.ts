import { Init1732406400000 } from './1732406400000-init';
import { Mail1732752000000 } from './1732752000000-mail';

/** Every migration of smtp, oldest first. */
export const SmtpMigrations = [Init1732406400000, Mail1732752000000];
