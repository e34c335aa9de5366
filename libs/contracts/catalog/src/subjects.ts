import { healthCheckSubject } from '@fleet/contracts-fleet';

/** The service name: NATS queue group, subject root and error-code prefix. */
export const CATALOG_SERVICE = 'catalog';

/** Request subjects of the catalog service (`catalog.<entity>.<verb>`). */
export const CatalogSubjects = {
  /** Measured readiness (NATS, database, migrations). Request: HealthCheckRequest, reply: HealthCheckReply. */
  healthCheck: healthCheckSubject('catalog'),
  /** The project's metadata as a tag froze it (deployment packages it). TagSnapshotRequest → TagSnapshotReply. Callable by project members and by services on a member's behalf. */
  tagSnapshot: 'catalog.tag.snapshot',
} as const;

/** Event subjects of the catalog service (past tense), the subjects of its JetStream stream. */
export const CatalogEvents = {} as const;

/** Every event subject, for the stream definition. */
export const CATALOG_EVENT_SUBJECTS: readonly string[] = Object.values(CatalogEvents);
