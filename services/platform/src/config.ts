import { vars, type EnvSpec } from '@fleet/shared-config';

/** platform's own settings (on top of the base ones in ARCHITECTURE.md). */
export const platformEnv = {
  FLEET_ADMIN_EMAIL: vars.string('e-mail of the administrator created at first start (when no company exists)', 'admin@fleet.local', /^[^@\s]+@[^@\s]+$/, 'an e-mail address'),
  FLEET_ADMIN_PASSWORD: vars.string('password of that administrator; empty: generate one and print it once', ''),
  FLEET_BOOTSTRAP_COMPANY: vars.string('name of the company created at first start', 'Fleet'),
  PLATFORM_INVITATION_TTL_HOURS: vars.int('how long an invitation can be accepted, in hours', 168, 1, 8760),
} satisfies EnvSpec;
