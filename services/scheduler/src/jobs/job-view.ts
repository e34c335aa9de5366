import type { JobReply, RunReply } from '@fleet/contracts-scheduler';
import type { Job, JobRun } from './job.entity';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The wire shape of a job. */
export function jobReply(j: Job): JobReply {
  return {
    id: j.id,
    environmentId: j.environmentId,
    kind: j.kind,
    source: j.source,
    name: j.name,
    key: j.jobKey.startsWith('rt:') ? j.jobKey.slice(3) : null,
    schedule: j.schedule,
    overlap: j.overlap,
    misfire: { policy: j.misfirePolicy, windowSeconds: j.misfireWindowSeconds },
    jitterSeconds: j.jitterSeconds,
    runTimeoutSeconds: j.runTimeoutSeconds,
    retry: j.retry,
    action: j.action,
    payload: j.payload as Record<string, unknown> | null,
    enabled: j.enabled,
    paused: j.envPaused,
    editable: j.source === 'admin',
    state: j.state,
    nextRunAt: j.state === 'waiting' ? iso(j.dueAt) : null,
    lastRunAt: iso(j.lastRunAt),
    lastOutcome: j.lastOutcome,
    fireCount: j.fireCount,
    attempts: j.attempts,
    createdAt: j.createdAt.toISOString(),
    updatedAt: j.updatedAt.toISOString(),
  };
}

export function runReply(r: JobRun): RunReply {
  return {
    id: r.id,
    jobId: r.jobId,
    dueAt: r.dueAt.toISOString(),
    firedAt: iso(r.firedAt),
    finishedAt: iso(r.finishedAt),
    outcome: r.outcome,
    error: r.error,
    attempt: r.attempt,
    lagMs: r.lagMs,
    replica: r.replica,
  };
}
