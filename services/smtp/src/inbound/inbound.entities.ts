import type { MailTriggerCondition } from '@fleet/contracts-smtp';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** An e-mail trigger of an environment: matching mail to its trigger mailbox starts a case of `processId`. */
export class TriggerRule {
  id!: string;
  environmentId!: string;
  companyId!: string;
  name!: string;
  processId!: string;
  senderDomains!: string[];
  conditions!: MailTriggerCondition[];
  match!: 'all' | 'any';
  active!: boolean;
  createdAt!: Date;
  updatedAt!: Date;
}

export const triggerRuleDefinition: EntityDefinition<TriggerRule> = {
  target: TriggerRule,
  table: 'trigger_rules',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    environmentId: { column: 'environment_id', kind: col.id() },
    companyId: { column: 'company_id', kind: col.id() },
    name: { column: 'name', kind: col.string(120) },
    processId: { column: 'process_id', kind: col.string(200) },
    senderDomains: { column: 'sender_domains', kind: col.json() },
    conditions: { column: 'conditions', kind: col.json() },
    match: { column: 'match_mode', kind: col.string(3) },
    active: { column: 'active', kind: col.boolean() },
    createdAt: { column: 'created_at', kind: col.timestamp() },
    updatedAt: { column: 'updated_at', kind: col.timestamp() },
  },
  indices: [{ name: 'ix_trigger_rules_environment', columns: ['environmentId'] }],
};

/** What happened to one inbound e-mail (the inbound log): accepted for a task or a trigger, or refused and why. */
export class InboundMail {
  id!: string;
  environmentId!: string | null;
  messageId!: string;
  sender!: string;
  recipient!: string;
  subject!: string;
  outcome!: 'task-completed' | 'case-started' | 'no-trigger' | 'bounce-recorded' | 'rejected';
  detail!: string;
  createdAt!: Date;
}

export const inboundMailDefinition: EntityDefinition<InboundMail> = {
  target: InboundMail,
  table: 'inbound_mails',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    environmentId: { column: 'environment_id', kind: col.id(), nullable: true },
    messageId: { column: 'message_id', kind: col.string(998) },
    sender: { column: 'sender', kind: col.string(254) },
    recipient: { column: 'recipient', kind: col.string(254) },
    subject: { column: 'subject', kind: col.string(300) },
    outcome: { column: 'outcome', kind: col.string(20) },
    detail: { column: 'detail', kind: col.string(500) },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
  indices: [{ name: 'ix_inbound_mails_created', columns: ['createdAt'] }],
};

export const inboundEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, triggerRuleDefinition), entitySchema(d, inboundMailDefinition)];
