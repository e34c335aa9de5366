import { SchedulerEvents, triggerMsgId, type JobFiredEvent } from '@fleet/contracts-scheduler';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Job } from '../jobs/job.entity';

/** The event subject a job's triggers go to (the service that owns the work consumes it). */
export function firedSubjectOf(job: Pick<Job, 'kind'>): string {
  if (job.kind === 'wait') return SchedulerEvents.timerFired;
  if (job.kind === 'alarm') return SchedulerEvents.alarmFired;
  return SchedulerEvents.jobFired;
}

/** Publishes triggers to JetStream with `Nats-Msg-Id = <jobId>@<due>` and waits for the stream's ack. */
export class TriggerPublisher {
  private readonly js: JetStreamClient;

  constructor(
    nc: NatsConnection,
    private readonly subjectPrefix: string,
  ) {
    this.js = jetstream(nc);
  }

  /** Resolves when the stream stored it (or dropped it as a duplicate of the same occurrence). */
  async publish(job: Job, dueAt: Date, runId: string, firedAt: Date): Promise<{ duplicate: boolean }> {
    const event: JobFiredEvent = {
      jobId: job.id,
      runId,
      kind: job.kind,
      companyId: job.companyId,
      environmentId: job.environmentId,
      name: job.name,
      ...(job.kind === 'wait' || job.kind === 'alarm' ? { key: job.jobKey.replace(/^rt:/, '') } : {}),
      dueAt: dueAt.toISOString(),
      firedAt: firedAt.toISOString(),
      attempt: job.attempts + 1,
      ...(job.action ? { action: job.action } : {}),
      ...(job.payload ? { payload: job.payload as Record<string, unknown> } : {}),
    };
    const ack = await this.js.publish(this.subjectPrefix + firedSubjectOf(job), JSON.stringify(event), { msgID: triggerMsgId(job.id, dueAt), timeout: 5000 });
    return { duplicate: ack.duplicate };
  }
}
