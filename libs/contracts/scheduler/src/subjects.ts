import { healthCheckSubject } from '@fleet/contracts-fleet';

/** The service name: NATS queue group, subject root and error-code prefix. */
export const SCHEDULER_SERVICE = 'scheduler';

/** Request subjects of the scheduler service (`scheduler.<entity>.<verb>`). */
export const SchedulerSubjects = {
  /** Measured readiness (NATS, database, migrations). Request: HealthCheckRequest, reply: HealthCheckReply. */
  healthCheck: healthCheckSubject('scheduler'),
} as const;

/** Event subjects of the scheduler service (past tense), the subjects of its JetStream stream. */
export const SchedulerEvents = {} as const;

/** Every event subject, for the stream definition. */
export const SCHEDULER_EVENT_SUBJECTS: readonly string[] = Object.values(SchedulerEvents);
