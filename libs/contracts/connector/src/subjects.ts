import { healthCheckSubject } from '@fleet/contracts-fleet';

/** The service name: NATS queue group, subject root and error-code prefix. */
export const CONNECTOR_SERVICE = 'connector';

/** Request subjects of the connector service (`connector.<entity>.<verb>`). */
export const ConnectorSubjects = {
  /** Measured readiness (NATS, database, migrations). Request: HealthCheckRequest, reply: HealthCheckReply. */
  healthCheck: healthCheckSubject('connector'),
} as const;

/** Event subjects of the connector service (past tense), the subjects of its JetStream stream. */
export const ConnectorEvents = {} as const;

/** Every event subject, for the stream definition. */
export const CONNECTOR_EVENT_SUBJECTS: readonly string[] = Object.values(ConnectorEvents);
