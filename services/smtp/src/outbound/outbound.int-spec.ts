import { ACCOUNTS_EVENT_SUBJECTS, AccountsEvents } from '@fleet/contracts-accounts';
import { PLATFORM_EVENT_SUBJECTS, PlatformEvents } from '@fleet/contracts-platform';
import { SmtpSubjects, type MailDeliveryListReply, type MailRelayReply, type NotificationAcceptedReply } from '@fleet/contracts-smtp';
import { ensureServiceStream } from '@fleet/shared-events';
import { eventually, TEST_ENGINES, uniquePrefix } from '@fleet/shared-testing';
import { jetstream } from '@nats-io/jetstream';
import { randomBytes, randomUUID } from 'node:crypto';
import { Relay } from '../relays/relay.entity';
import { codeOf, startSmtp, type SmtpHarness } from '../test/smtp-harness';
import { TestRelay } from '../test/test-relay';
import { MailMessage } from './mail-message.entity';

describe.each(TEST_ENGINES)('smtp outbound (real SMTP relays on loopback) on %s', (engine) => {
  const prefix = uniquePrefix(`smtpout${engine.slice(0, 2)}`);
  const relay = new TestRelay();
  const envRelay = new TestRelay();
  let h: SmtpHarness;
  let svcToken: string;
  const env = randomUUID();
  const companyId = randomUUID();

  beforeAll(async () => {
    await relay.start();
    await envRelay.start();
    h = await startSmtp(engine, prefix, { SMTP_RELAY_URL: `smtp://127.0.0.1:${relay.port}`, SMTP_FROM: 'Fleet <no-reply@fleet.test>' });
    svcToken = await h.identity.serviceToken('work-portal');
  }, 60000);

  afterAll(async () => {
    await h?.stop();
    await relay.stop();
    await envRelay.stop();
  });

  beforeEach(() => {
    relay.mode = { kind: 'accept' };
    envRelay.mode = { kind: 'accept' };
  });

  const send = (o: Partial<{ recipient: string; key: string; environmentId: string; template: string; data: Record<string, string> }> = {}) =>
    h.call<NotificationAcceptedReply>(
      SmtpSubjects.notificationSend,
      { companyId, environmentId: o.environmentId ?? env, template: o.template ?? 'task-assigned', recipient: o.recipient ?? `u-${randomUUID().slice(0, 8)}@example.test`, data: o.data ?? { taskName: 'Approve order', caseNumber: 'C-17', assigneeName: 'Ann' }, idempotencyKey: o.key ?? randomUUID() },
      svcToken,
    );
  const row = (id: string) => h.svc.ctx.dataSource.getRepository(MailMessage).findOneByOrFail({ id });
  const settled = (id: string, status: string) => eventually(async () => ((await row(id)).status === status ? row(id) : undefined), `notification ${id} ${status}`, 20000);

  describe('smtp.notification.send', () => {
    it('should send the rendered e-mail through the installation relay with a stable Message-ID, and erase the body once sent', async () => {
      const to = `ann-${randomUUID().slice(0, 6)}@example.test`;
      const accepted = await send({ recipient: to });
      expect(accepted).toMatchObject({ status: 'pending', duplicate: false });
      const sent = await settled(accepted.notificationId, 'sent');
      const [mail] = relay.to(to);
      expect(mail).toMatchObject({ subject: 'New task: Approve order', from: 'no-reply@fleet.test', messageId: `<${accepted.notificationId}@fleet>` });
      expect(mail.text).toContain('the task "Approve order" of case C-17 was assigned to you');
      expect(sent).toMatchObject({ attempts: 1, bodyText: null, bodyHtml: null, lastError: null });
      const metrics = await (await fetch(`${h.svc.healthUrl}/metrics`)).text();
      expect(metrics).toMatch(/fleet_mail_attempts_total\{[^}]*outcome="sent"[^}]*\} [1-9]/);
      expect(metrics).toContain('fleet_mail_backlog');
    });

    it('should queue one e-mail for one idempotency key however often it is asked', async () => {
      const to = `idem-${randomUUID().slice(0, 6)}@example.test`;
      const key = randomUUID();
      const [a, b] = await Promise.all([send({ recipient: to, key }), send({ recipient: to, key })]);
      const c = await send({ recipient: to, key });
      expect(new Set([a.notificationId, b.notificationId, c.notificationId]).size).toBe(1);
      expect(c.duplicate).toBe(true);
      await settled(a.notificationId, 'sent');
      expect(relay.to(to)).toHaveLength(1);
    });

    it('should refuse callers that are not Fleet services, and data the template lacks, naming the field', async () => {
      const userToken = await h.userToken([env], [env]);
      await expect(codeOf(h.call(SmtpSubjects.notificationSend, { companyId, environmentId: env, template: 'alarm', recipient: 'a@example.test', data: {}, idempotencyKey: 'k' }, userToken))).resolves.toBe('AUTH.UNAUTHORIZED');
      await expect(send({ template: 'alarm', data: { taskName: 'x' } })).rejects.toMatchObject({ code: 'SMTP.VALIDATION', details: { fields: [{ path: 'data.caseNumber' }, { path: 'data.alarmKind' }] } });
      await expect(send({ template: 'spam' })).rejects.toMatchObject({ code: 'SMTP.VALIDATION' });
    });
  });

  describe('relay failures', () => {
    it('should record a 5xx reply as a permanent failure after one attempt', async () => {
      relay.mode = { kind: 'reject', code: 550 };
      const seen = relay.dataSeen;
      const accepted = await send();
      const failed = await settled(accepted.notificationId, 'failed');
      expect(failed).toMatchObject({ attempts: 1, lastCode: 550, bodyText: null });
      expect(failed.lastError).toContain('refused by the test relay');
      await new Promise((r) => setTimeout(r, 600)); // longer than every retry delay: nothing is tried again
      expect(relay.dataSeen - seen).toBe(1);
    });

    it('should retry 4xx replies with backoff and deliver once the relay accepts', async () => {
      relay.mode = { kind: 'defer', code: 451, times: 2 };
      const to = `defer-${randomUUID().slice(0, 6)}@example.test`;
      const accepted = await send({ recipient: to });
      const sent = await settled(accepted.notificationId, 'sent');
      expect(sent.attempts).toBe(3);
      expect(relay.to(to)).toHaveLength(1);
    });

    it('should keep e-mails while the relay is down and deliver them when it is back', async () => {
      await relay.stop();
      const to = `down-${randomUUID().slice(0, 6)}@example.test`;
      const accepted = await send({ recipient: to });
      const waiting = await eventually(async () => {
        const r = await row(accepted.notificationId);
        return r.status === 'pending' && r.attempts >= 2 ? r : undefined;
      }, 'two failed attempts');
      expect(waiting.lastError).toMatch(/ECONNREFUSED|ECONNECTION/);
      expect(waiting.bodyText).not.toBeNull();
      await relay.start();
      await settled(accepted.notificationId, 'sent');
      expect(relay.to(to)).toHaveLength(1);
    });

    it('should give up on a relay that stalls past the timeout and retry; the repeat carries the same Message-ID, so the relay keeps one copy', async () => {
      relay.mode = { kind: 'stall', ms: 2500 };
      const to = `slow-${randomUUID().slice(0, 6)}@example.test`;
      const accepted = await send({ recipient: to });
      await eventually(async () => ((await row(accepted.notificationId)).attempts >= 1 && (await row(accepted.notificationId)).lastError ? true : undefined), 'a timed-out attempt', 10000);
      relay.mode = { kind: 'accept' };
      const sent = await settled(accepted.notificationId, 'sent');
      expect(sent.attempts).toBeGreaterThanOrEqual(2);
      await new Promise((r) => setTimeout(r, 2600)); // let the stalled conversation finish on the relay's side
      expect(relay.to(to)).toHaveLength(1);
    });
  });

  describe('environment relays', () => {
    it('should send through the environment relay with its credentials, never answer the password, and skip sending when disabled', async () => {
      const admin = await h.userToken([env], [env]);
      const set = await h.call<MailRelayReply>(SmtpSubjects.relaySet, { environmentId: env, enabled: true, host: '127.0.0.1', port: envRelay.port, security: 'none', username: 'env-user', password: 'env-s3cret', fromAddress: 'portal@customer.test' }, admin);
      expect(set).toMatchObject({ configured: true, passwordSet: true, username: 'env-user' });
      expect(JSON.stringify(set)).not.toContain('env-s3cret');
      const stored = await h.svc.ctx.dataSource.getRepository(Relay).findOneByOrFail({ environmentId: env });
      expect(JSON.stringify(stored)).not.toContain('env-s3cret');
      const to = `env-${randomUUID().slice(0, 6)}@example.test`;
      await settled((await send({ recipient: to })).notificationId, 'sent');
      expect(envRelay.to(to)[0]).toMatchObject({ from: 'portal@customer.test' });
      expect(envRelay.auths).toContainEqual({ username: 'env-user', password: 'env-s3cret' });
      expect(relay.to(to)).toHaveLength(0);

      await h.call(SmtpSubjects.relaySet, { environmentId: env, enabled: false, host: '127.0.0.1', port: envRelay.port, security: 'none', username: 'env-user', fromAddress: 'portal@customer.test' }, admin);
      const skipped = await settled((await send()).notificationId, 'skipped');
      expect(skipped.lastError).toContain('disabled');
      const log = await h.call<MailDeliveryListReply>(SmtpSubjects.deliveryList, { environmentId: env, status: 'skipped' }, admin);
      expect(log.items.map((i) => i.id)).toContain(skipped.id);
    });

    it('should answer 404 to other tenants and 403 to readers who try to change the relay, changing nothing', async () => {
      const stranger = await h.userToken([], []);
      const reader = await h.userToken([env], []);
      const body = { environmentId: env, enabled: true, host: 'evil.example', port: 25, security: 'none', fromAddress: 'x@evil.example' };
      await expect(codeOf(h.call(SmtpSubjects.relayGet, { environmentId: env }, stranger))).resolves.toBe('SMTP.NOT_FOUND');
      await expect(codeOf(h.call(SmtpSubjects.deliveryList, { environmentId: env }, stranger))).resolves.toBe('SMTP.NOT_FOUND');
      await expect(codeOf(h.call(SmtpSubjects.relaySet, body, stranger))).resolves.toBe('SMTP.NOT_FOUND');
      await expect(codeOf(h.call(SmtpSubjects.relaySet, body, reader))).resolves.toBe('SMTP.FORBIDDEN');
      await expect(codeOf(h.call(SmtpSubjects.relaySet, { ...body, port: 0 }, reader))).resolves.toBe('SMTP.VALIDATION');
      const now = await h.call<MailRelayReply>(SmtpSubjects.relayGet, { environmentId: env }, reader);
      expect(now.host).toBe('127.0.0.1');
    });
  });

  describe('identity e-mails from durable events', () => {
    it('should e-mail invitations, password resets and one-time codes from JetStream through the installation relay', async () => {
      const js = jetstream(h.nc);
      const p = h.svc.ctx.config.nats.subjectPrefix;
      await ensureServiceStream(h.nc, 'platform', PLATFORM_EVENT_SUBJECTS, p);
      await ensureServiceStream(h.nc, 'accounts', ACCOUNTS_EVENT_SUBJECTS, p);
      const token = randomBytes(32).toString('base64url');
      const who = `inv-${randomUUID().slice(0, 6)}@example.test`;
      const expiresAt = new Date(Date.now() + 3600_000).toISOString();
      await js.publish(p + PlatformEvents.invitationIssued, JSON.stringify({ invitationId: randomUUID(), companyId, email: who, token, expiresAt }), { msgID: randomUUID() });
      await js.publish(p + AccountsEvents.passwordResetRequested, JSON.stringify({ userId: randomUUID(), email: who, realm: 'company', token: `${token}r`, expiresAt }), { msgID: randomUUID() });
      await js.publish(p + AccountsEvents.otpIssued, JSON.stringify({ userId: randomUUID(), email: who, realm: 'company', code: '482913', expiresAt }), { msgID: randomUUID() });
      const mails = await eventually(async () => (relay.to(who).length === 3 ? relay.to(who) : undefined), 'three identity e-mails', 30000);
      const bySubject = Object.fromEntries(mails.map((m) => [m.subject, m.text]));
      expect(bySubject['You are invited to Fleet']).toContain(`/invitations/accept?token=${token}`);
      expect(bySubject['Reset your Fleet password']).toContain(`/password-reset?token=${token}r`);
      expect(bySubject['Your Fleet sign-in code']).toContain('482913');
      const rows = await eventually(async () => {
        const all = await h.svc.ctx.dataSource.getRepository(MailMessage).find({ where: { recipient: who } });
        return all.every((r) => r.status === 'sent') ? all : undefined;
      }, 'the rows marked sent');
      expect(rows.map((r) => [r.scope, r.status, r.bodyText])).toEqual([
        ['installation', 'sent', null],
        ['installation', 'sent', null],
        ['installation', 'sent', null],
      ]);
    }, 40000);
  });
});
