import { vars, type EnvSpec } from '@fleet/shared-config';

/** deployment's own settings (on top of the base ones in ARCHITECTURE.md). */
export const deploymentEnv = {
  DEPLOYMENT_ACKNOWLEDGERS: vars.string(
    'runtime services that must stage a package before an apply commits (comma-separated service names; `none` commits at once)',
    'work-portal,scheduler,connector,management-console',
    /^(none|[a-z][a-z-]*(,[a-z][a-z-]*)*)$/,
    'a comma-separated list of service names, or none',
  ),
  DEPLOYMENT_APPLY_TIMEOUT_MS: vars.int('how long an apply waits for every acknowledger to stage the package before it aborts, in ms', 120000, 500, 3600000),
  DEPLOYMENT_RESTART_TIMEOUT_MS: vars.int('how long a committed apply waits for every acknowledger to activate before the window reopens anyway, in ms', 60000, 500, 3600000),
  DEPLOYMENT_TRUSTED_KEYS: vars.string(
    'package-signing public keys every company of this installation trusts for imports (comma-separated raw Ed25519 keys, base64url); empty: only this installation and keys companies add',
    '',
    /^([A-Za-z0-9_-]{43}(,[A-Za-z0-9_-]{43})*)?$/,
    'a comma-separated list of 43-character base64url Ed25519 public keys',
  ),
  DEPLOYMENT_MAINTENANCE_MESSAGE: vars.string('message shown in a Work Portal during a deployment’s maintenance window', 'This environment is being updated. Please try again in a few minutes.'),
  DEPLOYMENT_SWEEP_INTERVAL_MS: vars.int('how often in-flight applies are checked for completion and deadlines, in ms', 1000, 50, 60000),
} satisfies EnvSpec;

export interface DeploymentEnv {
  DEPLOYMENT_ACKNOWLEDGERS: string;
  DEPLOYMENT_APPLY_TIMEOUT_MS: number;
  DEPLOYMENT_RESTART_TIMEOUT_MS: number;
  DEPLOYMENT_TRUSTED_KEYS: string;
  DEPLOYMENT_MAINTENANCE_MESSAGE: string;
  DEPLOYMENT_SWEEP_INTERVAL_MS: number;
}

/** The acknowledger list of the config (`none` → empty). */
export function acknowledgersOf(env: DeploymentEnv): string[] {
  return env.DEPLOYMENT_ACKNOWLEDGERS === 'none' ? [] : [...new Set(env.DEPLOYMENT_ACKNOWLEDGERS.split(','))];
}
