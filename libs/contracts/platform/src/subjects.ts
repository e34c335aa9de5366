import { healthCheckSubject } from '@fleet/contracts-fleet';

/** The service name: NATS queue group, subject root and error-code prefix. */
export const PLATFORM_SERVICE = 'platform';

/** Request subjects of the platform service (`platform.<entity>.<verb>`). */
export const PlatformSubjects = {
  /** Measured readiness. Request: HealthCheckRequest, reply: HealthCheckReply. */
  healthCheck: healthCheckSubject('platform'),
  /** Create a company. Request: CreateCompanyRequest, reply: CompanyReply. Emits platform.company.created. */
  companyCreate: 'platform.company.create',
  /** Read one company. Request: GetCompanyRequest, reply: CompanyReply. */
  companyGet: 'platform.company.get',
  /** List companies, newest first. Request: ListCompaniesRequest, reply: CompanyListReply. */
  companyList: 'platform.company.list',
} as const;

/** Event subjects of the platform service (past tense): the subjects of its JetStream stream. */
export const PlatformEvents = {
  /** A company was created. Payload: CompanyCreatedEvent. */
  companyCreated: 'platform.company.created',
} as const;

/** Every event subject, for the stream definition. */
export const PLATFORM_EVENT_SUBJECTS: readonly string[] = Object.values(PlatformEvents);
