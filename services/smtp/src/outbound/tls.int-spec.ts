import { SmtpSubjects, type NotificationAcceptedReply } from '@fleet/contracts-smtp';
import { eventually, uniquePrefix } from '@fleet/shared-testing';
import { randomUUID } from 'node:crypto';
import { startSmtp, type SmtpHarness } from '../test/smtp-harness';
import { TestRelay } from '../test/test-relay';
import { MailMessage } from './mail-message.entity';

/** Relays that speak TLS (smtp-server's built-in self-signed certificate): STARTTLS required, implicit TLS, and certificate checking. */
describe('smtp relays over TLS', () => {
  const starttls = new TestRelay(0, 'starttls');
  const implicit = new TestRelay(0, 'implicit');
  const harnesses: SmtpHarness[] = [];

  beforeAll(async () => {
    await starttls.start();
    await implicit.start();
  });

  afterAll(async () => {
    for (const h of harnesses) await h.stop();
    await starttls.stop();
    await implicit.stop();
  });

  async function sendThrough(extra: Record<string, string>): Promise<{ h: SmtpHarness; id: string; to: string }> {
    const h = await startSmtp('sqlite', uniquePrefix('smtptls'), extra);
    harnesses.push(h);
    const to = `tls-${randomUUID().slice(0, 6)}@example.test`;
    const r = await h.call<NotificationAcceptedReply>(SmtpSubjects.notificationSend, { companyId: randomUUID(), environmentId: randomUUID(), template: 'case-cancelled', recipient: to, data: { caseNumber: 'C-1' }, idempotencyKey: randomUUID() }, await h.identity.serviceToken('work-portal'));
    return { h, id: r.notificationId, to };
  }
  const rowOf = (h: SmtpHarness, id: string) => h.svc.ctx.dataSource.getRepository(MailMessage).findOneByOrFail({ id });

  it('should upgrade with STARTTLS when SMTP_RELAY_REQUIRE_TLS is on', async () => {
    const { h, id, to } = await sendThrough({ SMTP_RELAY_URL: `smtp://127.0.0.1:${starttls.port}`, SMTP_RELAY_REQUIRE_TLS: 'true', SMTP_RELAY_TLS_REJECT_UNAUTHORIZED: 'false' });
    await eventually(async () => ((await rowOf(h, id)).status === 'sent' ? true : undefined), 'sent over STARTTLS');
    expect(starttls.to(to)).toHaveLength(1);
    expect(starttls.secure.at(-1)).toBe(true);
  });

  it('should speak TLS from the first byte to an smtps:// relay', async () => {
    const { h, id, to } = await sendThrough({ SMTP_RELAY_URL: `smtps://127.0.0.1:${implicit.port}`, SMTP_RELAY_TLS_REJECT_UNAUTHORIZED: 'false' });
    await eventually(async () => ((await rowOf(h, id)).status === 'sent' ? true : undefined), 'sent over implicit TLS');
    expect(implicit.to(to)).toHaveLength(1);
    expect(implicit.secure.at(-1)).toBe(true);
  });

  it('should refuse an untrusted certificate by default, keeping the e-mail for a retry', async () => {
    const { h, id, to } = await sendThrough({ SMTP_RELAY_URL: `smtp://127.0.0.1:${starttls.port}`, SMTP_RELAY_REQUIRE_TLS: 'true' });
    const row = await eventually(async () => {
      const r = await rowOf(h, id);
      return r.attempts >= 1 && r.lastError ? r : undefined;
    }, 'a refused attempt');
    expect(row.status).toMatch(/pending|sending/);
    expect(row.lastError).toMatch(/certificate/i);
    expect(starttls.to(to)).toHaveLength(0);
  });
});
