import { Init1732406400000 } from './1732406400000-init';

/** Every migration of platform, oldest first. */
export const PlatformMigrations = [Init1732406400000];
