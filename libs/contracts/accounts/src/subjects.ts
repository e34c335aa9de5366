import { healthCheckSubject } from '@fleet/contracts-fleet';

/** The service name: NATS queue group, subject root and error-code prefix. */
export const ACCOUNTS_SERVICE = 'accounts';

/** Request subjects of the accounts service (`accounts.<entity>.<verb>`). */
export const AccountsSubjects = {
  /** Measured readiness. Request: HealthCheckRequest, reply: HealthCheckReply. */
  healthCheck: healthCheckSubject('accounts'),
  /** The identity realm of a company. Request: GetCompanyRealmRequest, reply: RealmReply. */
  realmGetForCompany: 'accounts.realm.get',
} as const;

/** Event subjects of the accounts service (past tense): the subjects of its JetStream stream. */
export const AccountsEvents = {
  /** A realm was provisioned. Payload: RealmCreatedEvent. */
  realmCreated: 'accounts.realm.created',
} as const;

/** Every event subject, for the stream definition. */
export const ACCOUNTS_EVENT_SUBJECTS: readonly string[] = Object.values(AccountsEvents);
