import { healthCheckSubject } from '@fleet/contracts-fleet';

/** The service name: NATS queue group, subject root and error-code prefix. */
export const DEPLOYMENT_SERVICE = 'deployment';

/** Request subjects of the deployment service (`deployment.<entity>.<verb>`). */
export const DeploymentSubjects = {
  /** Measured readiness (NATS, database, migrations). Request: HealthCheckRequest, reply: HealthCheckReply. */
  healthCheck: healthCheckSubject('deployment'),
} as const;

/** Event subjects of the deployment service (past tense), the subjects of its JetStream stream. */
export const DeploymentEvents = {} as const;

/** Every event subject, for the stream definition. */
export const DEPLOYMENT_EVENT_SUBJECTS: readonly string[] = Object.values(DeploymentEvents);
