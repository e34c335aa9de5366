import { healthCheckSubject } from '@fleet/contracts-fleet';

/** The service name: NATS queue group, subject root and error-code prefix. */
export const WORK_PORTAL_SERVICE = 'work-portal';

/** Request subjects of the work-portal service (`work-portal.<entity>.<verb>`). */
export const WorkPortalSubjects = {
  /** Measured readiness (NATS, database, migrations). Request: HealthCheckRequest, reply: HealthCheckReply. */
  healthCheck: healthCheckSubject('work-portal'),
  /** Internal (`svc:smtp`): the assignee completed a task by answering its e-mail. CompleteTaskByMailRequest → CompleteTaskByMailReply. */
  taskCompleteByMail: 'work-portal.task.complete-by-mail',
  /** Internal (Fleet services, e.g. smtp's e-mail triggers): start a case. StartCaseRequest → StartCaseReply. */
  caseStart: 'work-portal.case.start',
} as const;

/** Event subjects of the work-portal service (past tense), the subjects of its JetStream stream. */
export const WorkPortalEvents = {} as const;

/** Every event subject, for the stream definition. */
export const WORK_PORTAL_EVENT_SUBJECTS: readonly string[] = Object.values(WorkPortalEvents);
