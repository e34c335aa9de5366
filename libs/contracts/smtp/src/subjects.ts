import { healthCheckSubject } from '@fleet/contracts-fleet';

/** The service name: NATS queue group, subject root and error-code prefix. */
export const SMTP_SERVICE = 'smtp';

/** Request subjects of the smtp service (`smtp.<entity>.<verb>`). */
export const SmtpSubjects = {
  /** Measured readiness (NATS, database, migrations). Request: HealthCheckRequest, reply: HealthCheckReply. */
  healthCheck: healthCheckSubject('smtp'),
  /**
   * Internal (any Fleet service token, `svc:*`): queue one templated e-mail. SendNotificationRequest →
   * NotificationAcceptedReply. Durable once answered; idempotent per environment + idempotencyKey.
   */
  notificationSend: 'smtp.notification.send',
  /** The environment's outbound relay (`environment.read`). GetMailRelayRequest → MailRelayReply (never the password). */
  relayGet: 'smtp.relay.get',
  /** Set the environment's outbound relay (`environment.manage`). SetMailRelayRequest → MailRelayReply. */
  relaySet: 'smtp.relay.set',
  /** The environment's delivery log, newest first (`environment.read`). ListMailDeliveriesRequest → MailDeliveryListReply. */
  deliveryList: 'smtp.delivery.list',
  /** The environment's e-mail triggers (`environment.read`). ListMailTriggersRequest → MailTriggerListReply. */
  triggerList: 'smtp.trigger.list',
  /** Create an e-mail trigger (`environment.manage`). CreateMailTriggerRequest → MailTriggerReply. */
  triggerCreate: 'smtp.trigger.create',
  /** Change an e-mail trigger (`environment.manage`). UpdateMailTriggerRequest → MailTriggerReply. */
  triggerUpdate: 'smtp.trigger.update',
  /** Delete an e-mail trigger (`environment.manage`). DeleteMailTriggerRequest → MailTriggerReply. */
  triggerDelete: 'smtp.trigger.delete',
} as const;

/** Event subjects of the smtp service (past tense), the subjects of its JetStream stream. */
export const SmtpEvents = {} as const;

/** Every event subject, for the stream definition. */
export const SMTP_EVENT_SUBJECTS: readonly string[] = Object.values(SmtpEvents);
