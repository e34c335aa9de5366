import { healthCheckSubject } from '@fleet/contracts-fleet';

/** The service name: NATS queue group, subject root and error-code prefix. */
export const MANAGEMENT_CONSOLE_SERVICE = 'management-console';

/** Request subjects of the management-console service (`management-console.<entity>.<verb>`). */
export const ManagementConsoleSubjects = {
  /** Measured readiness (NATS, database, migrations). Request: HealthCheckRequest, reply: HealthCheckReply. */
  healthCheck: healthCheckSubject('management-console'),
} as const;

/** Event subjects of the management-console service (past tense), the subjects of its JetStream stream. */
export const ManagementConsoleEvents = {} as const;

/** Every event subject, for the stream definition. */
export const MANAGEMENT_CONSOLE_EVENT_SUBJECTS: readonly string[] = Object.values(ManagementConsoleEvents);
