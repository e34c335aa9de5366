import { vars, type EnvSpec } from '@fleet/shared-config';

/** scheduler's own settings (on top of the base ones in ARCHITECTURE.md). */
export const schedulerEnv = {
  SCHEDULER_ENGINE_ENABLED: vars.bool('fire jobs in this process (false: serve the API only; "the Scheduler is stopped")', true),
  SCHEDULER_POLL_MS: vars.int('how often a replica looks for jobs to claim, in ms', 100, 10, 60_000),
  SCHEDULER_LOOKAHEAD_MS: vars.int('claim jobs due this far ahead and fire them from memory on time, in ms', 500, 0, 10_000),
  SCHEDULER_LEASE_MS: vars.int('a claim lasts this long past the lookahead; a dead replica’s jobs fire at most this late', 3000, 500, 600_000),
  SCHEDULER_BATCH: vars.int('most jobs claimed per poll', 500, 1, 2000),
  SCHEDULER_RUN_RETENTION_DAYS: vars.int('runs (and finished wait jobs) older than this are deleted by the system job', 30, 1, 3650),
} satisfies EnvSpec;

/** The parsed settings the engine and services read. */
export interface SchedulerSettings {
  engineEnabled: boolean;
  pollMs: number;
  lookaheadMs: number;
  leaseMs: number;
  batch: number;
  retentionDays: number;
}

export function schedulerSettings(env: Record<string, unknown>): SchedulerSettings {
  return {
    engineEnabled: env.SCHEDULER_ENGINE_ENABLED as boolean,
    pollMs: env.SCHEDULER_POLL_MS as number,
    lookaheadMs: env.SCHEDULER_LOOKAHEAD_MS as number,
    leaseMs: env.SCHEDULER_LEASE_MS as number,
    batch: env.SCHEDULER_BATCH as number,
    retentionDays: env.SCHEDULER_RUN_RETENTION_DAYS as number,
  };
}
