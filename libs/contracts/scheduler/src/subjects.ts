import { healthCheckSubject } from '@fleet/contracts-fleet';

/** The service name: NATS queue group, subject root and error-code prefix. */
export const SCHEDULER_SERVICE = 'scheduler';

/** Request subjects of the scheduler service (`scheduler.<entity>.<verb>`). */
export const SchedulerSubjects = {
  /** Measured readiness (NATS, database, migrations). Request: HealthCheckRequest, reply: HealthCheckReply. */
  healthCheck: healthCheckSubject('scheduler'),
  /** Runtime: create a wait or alarm job (idempotent per environment + key). CreateTimerRequest → JobReply. */
  timerCreate: 'scheduler.timer.create',
  /** Runtime: cancel a wait or alarm job by key. CancelTimerRequest → JobReply. */
  timerCancel: 'scheduler.timer.cancel',
  /** Owner of a run reports its outcome (a failed wait job is retried). ReportRunRequest → RunReply. */
  runReport: 'scheduler.run.report',
  /** Runs of one job, newest first. ListRunsRequest → RunListReply. */
  runList: 'scheduler.run.list',
  /** Jobs of an environment (waiting / executed), alphabetical. ListJobsRequest → JobListReply. */
  jobList: 'scheduler.job.list',
  jobGet: 'scheduler.job.get',
  /** An administrator-defined user job. CreateJobRequest → JobReply. */
  jobCreate: 'scheduler.job.create',
  jobUpdate: 'scheduler.job.update',
  jobDelete: 'scheduler.job.delete',
  jobEnable: 'scheduler.job.enable',
  jobDisable: 'scheduler.job.disable',
  /** Fire an extra occurrence now ("Set job now"). JobRefRequest → JobReply. */
  jobRunNow: 'scheduler.job.run-now',
  /** Edit the next run time. RescheduleJobRequest → JobReply. */
  jobReschedule: 'scheduler.job.reschedule',
  /** Internal (`svc:deployment`): upsert the jobs of deployed catalog `job` artifacts. DeployJobsRequest → DeployJobsReply. */
  jobDeploy: 'scheduler.job.deploy',
  /** Pause every job of an environment (maintenance window). EnvironmentRequest → EnvironmentStateReply. */
  environmentPause: 'scheduler.environment.pause',
  environmentResume: 'scheduler.environment.resume',
  environmentGet: 'scheduler.environment.get',
} as const;

/** Event subjects of the scheduler service (past tense), the subjects of its JetStream stream. */
export const SchedulerEvents = {
  /** A wait job (BPMN timer, asynchronous activity) fired: for the process runtime. JobFiredEvent. */
  timerFired: 'scheduler.timer.fired',
  /** An alarm job fired. JobFiredEvent. */
  alarmFired: 'scheduler.alarm.fired',
  /** A user job fired: its action (start a process, call a connector) for the owning service. JobFiredEvent. */
  jobFired: 'scheduler.job.fired',
} as const;

/** Every event subject, for the stream definition. */
export const SCHEDULER_EVENT_SUBJECTS: readonly string[] = Object.values(SchedulerEvents);

/** JetStream message id of one occurrence: duplicates of the same (job, due time) are dropped by the stream. */
export function triggerMsgId(jobId: string, dueAt: Date | string): string {
  return `${jobId}@${typeof dueAt === 'string' ? dueAt : dueAt.toISOString()}`;
}
