import { col, dialectOf, tableColumn } from '@fleet/shared-database';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The mail outbox / delivery log, environment relays, e-mail triggers and the inbound log. */
export class Mail1732752000000 implements MigrationInterface {
  name = 'Mail1732752000000';

  async up(qr: QueryRunner): Promise<void> {
    const d = dialectOf(qr);
    await qr.createTable(
      new Table({
        name: 'mail_messages',
        columns: [
          tableColumn(d, 'id', col.id(), { primary: true }),
          tableColumn(d, 'scope', col.string(36)),
          tableColumn(d, 'company_id', col.id(), { nullable: true }),
          tableColumn(d, 'environment_id', col.id(), { nullable: true }),
          tableColumn(d, 'template', col.string(40)),
          tableColumn(d, 'recipient', col.string(254)),
          tableColumn(d, 'subject', col.string(300)),
          tableColumn(d, 'body_text', col.text(), { nullable: true }),
          tableColumn(d, 'body_html', col.text(), { nullable: true }),
          tableColumn(d, 'idempotency_key', col.string(200)),
          tableColumn(d, 'message_id', col.string(120)),
          tableColumn(d, 'reply_token_hash', col.string(64), { nullable: true }),
          tableColumn(d, 'reply_to', col.string(300), { nullable: true }),
          tableColumn(d, 'status', col.string(10)),
          tableColumn(d, 'attempts', col.int()),
          tableColumn(d, 'next_attempt_at', col.timestamp()),
          tableColumn(d, 'lease_until', col.timestamp(), { nullable: true }),
          tableColumn(d, 'last_error', col.string(500), { nullable: true }),
          tableColumn(d, 'last_code', col.int(), { nullable: true }),
          tableColumn(d, 'created_at', col.timestamp()),
          tableColumn(d, 'updated_at', col.timestamp()),
          tableColumn(d, 'sent_at', col.timestamp(), { nullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'ux_mail_messages_scope_key', columnNames: ['scope', 'idempotency_key'], isUnique: true }),
          new TableIndex({ name: 'ix_mail_messages_due', columnNames: ['status', 'next_attempt_at'] }),
          new TableIndex({ name: 'ix_mail_messages_scope_created', columnNames: ['scope', 'created_at'] }),
          new TableIndex({ name: 'ix_mail_messages_reply_token', columnNames: ['reply_token_hash'] }),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'smtp_relays',
        columns: [
          tableColumn(d, 'environment_id', col.id(), { primary: true }),
          tableColumn(d, 'company_id', col.id()),
          tableColumn(d, 'enabled', col.boolean()),
          tableColumn(d, 'host', col.string(253)),
          tableColumn(d, 'port', col.int()),
          tableColumn(d, 'security', col.string(10)),
          tableColumn(d, 'username', col.string(200), { nullable: true }),
          tableColumn(d, 'password_sealed', col.string(1000), { nullable: true }),
          tableColumn(d, 'from_address', col.string(254)),
          tableColumn(d, 'updated_by', col.string(64)),
          tableColumn(d, 'updated_at', col.timestamp()),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'trigger_rules',
        columns: [
          tableColumn(d, 'id', col.id(), { primary: true }),
          tableColumn(d, 'environment_id', col.id()),
          tableColumn(d, 'company_id', col.id()),
          tableColumn(d, 'name', col.string(120)),
          tableColumn(d, 'process_id', col.string(200)),
          tableColumn(d, 'sender_domains', col.json()),
          tableColumn(d, 'conditions', col.json()),
          tableColumn(d, 'match_mode', col.string(3)),
          tableColumn(d, 'active', col.boolean()),
          tableColumn(d, 'created_at', col.timestamp()),
          tableColumn(d, 'updated_at', col.timestamp()),
        ],
        indices: [new TableIndex({ name: 'ix_trigger_rules_environment', columnNames: ['environment_id'] })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'inbound_mails',
        columns: [
          tableColumn(d, 'id', col.id(), { primary: true }),
          tableColumn(d, 'environment_id', col.id(), { nullable: true }),
          tableColumn(d, 'message_id', col.string(998)),
          tableColumn(d, 'sender', col.string(254)),
          tableColumn(d, 'recipient', col.string(254)),
          tableColumn(d, 'subject', col.string(300)),
          tableColumn(d, 'outcome', col.string(20)),
          tableColumn(d, 'detail', col.string(500)),
          tableColumn(d, 'created_at', col.timestamp()),
        ],
        indices: [new TableIndex({ name: 'ix_inbound_mails_created', columnNames: ['created_at'] })],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('inbound_mails');
    await qr.dropTable('trigger_rules');
    await qr.dropTable('smtp_relays');
    await qr.dropTable('mail_messages');
  }
}
