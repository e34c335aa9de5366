import { Init1732406400000 } from './1732406400000-init';
import { Organization1732492800000 } from './1732492800000-organization';
import { EnvironmentUsers1732579200000 } from './1732579200000-environment-users';
import { Audit1732665600000 } from './1732665600000-audit';

/** Every migration of platform, oldest first. */
export const PlatformMigrations = [Init1732406400000, Organization1732492800000, EnvironmentUsers1732579200000, Audit1732665600000];
