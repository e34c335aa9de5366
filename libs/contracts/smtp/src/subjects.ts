import { healthCheckSubject } from '@fleet/contracts-fleet';

/** The service name: NATS queue group, subject root and error-code prefix. */
export const SMTP_SERVICE = 'smtp';

/** Request subjects of the smtp service (`smtp.<entity>.<verb>`). */
export const SmtpSubjects = {
  /** Measured readiness (NATS, database, migrations). Request: HealthCheckRequest, reply: HealthCheckReply. */
  healthCheck: healthCheckSubject('smtp'),
} as const;

/** Event subjects of the smtp service (past tense), the subjects of its JetStream stream. */
export const SmtpEvents = {} as const;

/** Every event subject, for the stream definition. */
export const SMTP_EVENT_SUBJECTS: readonly string[] = Object.values(SmtpEvents);
