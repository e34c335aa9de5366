import type { DeliveryStatus, NotificationTemplate } from '@fleet/contracts-smtp';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** The scope of installation-relay e-mails (identity e-mails of the company realm). */
export const INSTALLATION_SCOPE = 'installation';

/**
 * One e-mail: the outbox row the dispatcher sends and, afterwards, its entry in the delivery log.
 * `bodyText`/`bodyHtml` may carry a token or code: they are erased when the row reaches a final status.
 */
export class MailMessage {
  id!: string;
  /** `installation`, or the environment id: idempotency keys and the delivery log are per scope. */
  scope!: string;
  companyId!: string | null;
  environmentId!: string | null;
  template!: NotificationTemplate;
  recipient!: string;
  subject!: string;
  bodyText!: string | null;
  bodyHtml!: string | null;
  idempotencyKey!: string;
  /** RFC 5322 Message-ID, the same on every attempt. */
  messageId!: string;
  /** SHA-256 of a task reply token the e-mail carries (task-assigned), for inbound replies. */
  replyTokenHash!: string | null;
  /** Reply-To of a task e-mail (`reply+<token>@…`): carries the token, erased with the body. */
  replyTo!: string | null;
  status!: DeliveryStatus;
  attempts!: number;
  nextAttemptAt!: Date;
  leaseUntil!: Date | null;
  lastError!: string | null;
  lastCode!: number | null;
  createdAt!: Date;
  updatedAt!: Date;
  sentAt!: Date | null;
}

export const mailMessageDefinition: EntityDefinition<MailMessage> = {
  target: MailMessage,
  table: 'mail_messages',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    scope: { column: 'scope', kind: col.string(36) },
    companyId: { column: 'company_id', kind: col.id(), nullable: true },
    environmentId: { column: 'environment_id', kind: col.id(), nullable: true },
    template: { column: 'template', kind: col.string(40) },
    recipient: { column: 'recipient', kind: col.string(254) },
    subject: { column: 'subject', kind: col.string(300) },
    bodyText: { column: 'body_text', kind: col.text(), nullable: true },
    bodyHtml: { column: 'body_html', kind: col.text(), nullable: true },
    idempotencyKey: { column: 'idempotency_key', kind: col.string(200) },
    messageId: { column: 'message_id', kind: col.string(120) },
    replyTokenHash: { column: 'reply_token_hash', kind: col.string(64), nullable: true },
    replyTo: { column: 'reply_to', kind: col.string(300), nullable: true },
    status: { column: 'status', kind: col.string(10) },
    attempts: { column: 'attempts', kind: col.int() },
    nextAttemptAt: { column: 'next_attempt_at', kind: col.timestamp() },
    leaseUntil: { column: 'lease_until', kind: col.timestamp(), nullable: true },
    lastError: { column: 'last_error', kind: col.string(500), nullable: true },
    lastCode: { column: 'last_code', kind: col.int(), nullable: true },
    createdAt: { column: 'created_at', kind: col.timestamp() },
    updatedAt: { column: 'updated_at', kind: col.timestamp() },
    sentAt: { column: 'sent_at', kind: col.timestamp(), nullable: true },
  },
  indices: [
    { name: 'ux_mail_messages_scope_key', columns: ['scope', 'idempotencyKey'], unique: true },
    { name: 'ix_mail_messages_due', columns: ['status', 'nextAttemptAt'] },
    { name: 'ix_mail_messages_scope_created', columns: ['scope', 'createdAt'] },
    { name: 'ix_mail_messages_reply_token', columns: ['replyTokenHash'] },
  ],
};

export const mailMessageEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, mailMessageDefinition)];
