import { SmtpSubjects, type MailTriggerListReply, type MailTriggerReply } from '@fleet/contracts-smtp';
import { eventually, uniquePrefix } from '@fleet/shared-testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import { MailMessage } from '../outbound/mail-message.entity';
import { codeOf, startSmtp, type SmtpHarness } from '../test/smtp-harness';
import { TestRelay } from '../test/test-relay';
import { WorkPortalResponder } from '../test/work-portal-responder';
import { InboundListener } from './inbound-listener';
import { InboundMail } from './inbound.entities';

const DOMAIN = 'inbox.fleet.test';

describe('smtp inbound (real SMTP client → the inbound listener; work-portal stand-in over real NATS)', () => {
  const prefix = uniquePrefix('smtpin');
  const relay = new TestRelay();
  const wp = new WorkPortalResponder();
  let h: SmtpHarness;
  let client: Transporter;
  const env = randomUUID();

  beforeAll(async () => {
    await relay.start();
    h = await startSmtp('sqlite', prefix, { SMTP_RELAY_URL: `smtp://127.0.0.1:${relay.port}`, SMTP_INBOUND_ENABLED: 'true', SMTP_INBOUND_PORT: '0', SMTP_INBOUND_DOMAIN: DOMAIN, SMTP_BOUNCE_ADDRESSES: 'true' });
    wp.serve(h.nc, prefix);
    client = createTransport({ host: '127.0.0.1', port: h.svc.app.get(InboundListener).port, secure: false, ignoreTLS: true });
  }, 60000);

  afterAll(async () => {
    wp.stop();
    client?.close();
    await h?.stop();
    await relay.stop();
  });

  const lastInbound = async () => (await h.svc.ctx.dataSource.getRepository(InboundMail).find({ order: { createdAt: 'DESC' }, take: 1 }))[0];
  const mail = (o: { from: string; to: string; subject?: string; text: string; headerFrom?: string }) =>
    client.sendMail({ envelope: { from: o.from, to: o.to }, from: o.headerFrom ?? o.from, to: o.to, subject: o.subject ?? 'Re: New task', text: o.text, messageId: `<${randomUUID()}@client.test>` });
  const refusal = (p: Promise<unknown>) => p.then(() => 250, (e: { responseCode?: number }) => e.responseCode);

  /** A task e-mail sent to its assignee with a reply token; returns the reply address the assignee sees. */
  async function assignTask(assignee: string): Promise<{ token: string; replyTo: string }> {
    const token = randomBytes(24).toString('base64url');
    wp.tasks.set(token, { taskId: randomUUID(), caseId: randomUUID(), token, assignee, decisions: ['Approve', 'Reject'] });
    const svc = await h.identity.serviceToken('work-portal');
    const accepted = await h.call<{ notificationId: string }>(SmtpSubjects.notificationSend, { companyId: h.companyId, environmentId: env, template: 'task-assigned', recipient: assignee, data: { taskName: 'Approve order', caseNumber: 'C-9', replyToken: token, decisions: 'Approve, Reject' }, idempotencyKey: randomUUID() }, svc);
    await eventually(async () => ((await h.svc.ctx.dataSource.getRepository(MailMessage).findOneByOrFail({ id: accepted.notificationId })).status === 'sent' ? true : undefined), 'the task e-mail sent');
    const sent = relay.to(assignee).at(-1)!;
    return { token, replyTo: sent.replyTo };
  }

  describe('task replies', () => {
    it('should complete the task with the decision and comment when the assignee answers the task e-mail', async () => {
      const { token, replyTo } = await assignTask('ann@customer.test');
      expect(replyTo).toBe(`reply+${token}@${DOMAIN}`);
      await mail({ from: 'ann@customer.test', to: replyTo, text: 'Approve\nLooks good to me.\nShip it.\n\nOn Mon, 23 Nov 2026, Fleet wrote:\n> the task "Approve order"\n' });
      expect(wp.completed.at(-1)).toMatchObject({ token, sender: 'ann@customer.test', decision: 'Approve', comment: 'Looks good to me.\nShip it.' });
      expect(await lastInbound()).toMatchObject({ outcome: 'task-completed', sender: 'ann@customer.test', environmentId: env });
    });

    it('should refuse (550) and log replies from anyone but the assignee, with a forged From, or with a guessed token, completing nothing', async () => {
      const { replyTo } = await assignTask('bob@customer.test');
      const before = wp.completed.length;
      await expect(refusal(mail({ from: 'mallory@evil.test', to: replyTo, text: 'Approve' }))).resolves.toBe(550);
      expect(await lastInbound()).toMatchObject({ outcome: 'rejected', detail: 'the sender is not the task assignee', recipient: 'reply+<token>' });
      await expect(refusal(mail({ from: 'bob@customer.test', headerFrom: 'mallory@evil.test', to: replyTo, text: 'Approve' }))).resolves.toBe(550);
      expect((await lastInbound()).detail).toBe('the sender is not the task assignee');
      await expect(refusal(mail({ from: 'bob@customer.test', to: `reply+${randomBytes(24).toString('base64url')}@${DOMAIN}`, text: 'Approve' }))).resolves.toBe(550);
      expect((await lastInbound()).detail).toBe('unknown reply token');
      await expect(refusal(mail({ from: 'bob@customer.test', to: `postmaster@${DOMAIN}`, text: 'hi' }))).resolves.toBe(550);
      await expect(refusal(mail({ from: 'bob@customer.test', to: 'someone@elsewhere.test', text: 'hi' }))).resolves.toBe(550);
      expect(wp.completed.length).toBe(before);
      const logged = JSON.stringify(await h.svc.ctx.dataSource.getRepository(InboundMail).find());
      expect(logged).not.toContain(replyTo.slice(6, 30)); // the token is never written to the inbound log
    });

    it('should refuse a reply whose decision work-portal does not know, and defer (451) while work-portal is down, completing the task once it is back', async () => {
      const { replyTo, token } = await assignTask('cy@customer.test');
      await expect(refusal(mail({ from: 'cy@customer.test', to: replyTo, text: 'Maybe later' }))).resolves.toBe(550);
      expect((await lastInbound()).detail).toContain('WORK_PORTAL.VALIDATION');
      wp.stop();
      await expect(refusal(mail({ from: 'cy@customer.test', to: replyTo, text: 'Reject\nNo budget' }))).resolves.toBe(451);
      wp.serve(h.nc, prefix);
      await mail({ from: 'cy@customer.test', to: replyTo, text: 'Reject\nNo budget' });
      expect(wp.completed.at(-1)).toMatchObject({ token, decision: 'Reject', comment: 'No budget' });
    });
  });

  describe('bounces', () => {
    it('should mark a sent e-mail failed when a delivery-failure report comes back to its bounce address, and refuse reports for unknown e-mails', async () => {
      const svc = await h.identity.serviceToken('work-portal');
      const to = `gone-${randomUUID().slice(0, 6)}@customer.test`;
      const accepted = await h.call<{ notificationId: string }>(SmtpSubjects.notificationSend, { companyId: h.companyId, environmentId: env, template: 'case-cancelled', recipient: to, data: { caseNumber: 'C-3' }, idempotencyKey: randomUUID() }, svc);
      const repo = h.svc.ctx.dataSource.getRepository(MailMessage);
      await eventually(async () => ((await repo.findOneByOrFail({ id: accepted.notificationId })).status === 'sent' ? true : undefined), 'the e-mail sent');
      const bounceTo = relay.to(to)[0].envelopeFrom;
      expect(bounceTo).toBe(`bounce+${accepted.notificationId}@${DOMAIN}`);
      await mail({ from: 'mailer-daemon@relay.customer.test', to: bounceTo, subject: 'Undelivered Mail Returned to Sender', text: `<${to}>: 550 5.1.1 user unknown` });
      const failed = await repo.findOneByOrFail({ id: accepted.notificationId });
      expect(failed.status).toBe('failed');
      expect(failed.lastError).toContain('550 5.1.1 user unknown');
      expect(await lastInbound()).toMatchObject({ outcome: 'bounce-recorded', environmentId: env });
      await expect(refusal(mail({ from: 'mailer-daemon@relay.customer.test', to: `bounce+${randomUUID()}@${DOMAIN}`, text: 'x' }))).resolves.toBe(550);
    });
  });

  describe('e-mail triggers', () => {
    it('should start a case for the one matching trigger (AND / OR, sender domains, most recent first) and nothing for mail no trigger matches', async () => {
      const admin = await h.userToken([env], [env]);
      const create = (body: object) => h.call<MailTriggerReply>(SmtpSubjects.triggerCreate, { environmentId: env, ...body }, admin);
      const orders = await create({ name: 'Orders', processId: 'order-intake', senderDomains: ['acme.test'], match: 'all', conditions: [{ field: 'subject', operator: 'contains', value: 'order' }, { field: 'body', operator: 'contains', value: 'PO-' }] });
      const invoices = await create({ name: 'Invoices', processId: 'invoice', senderDomains: [], match: 'any', conditions: [{ field: 'subject', operator: 'starts-with', value: 'invoice' }, { field: 'from', operator: 'contains', value: 'billing@' }] });
      expect(orders.mailbox).toBe(`env-${env}@${DOMAIN}`);
      const box = orders.mailbox;
      const startedBefore = wp.started.length;

      await mail({ from: 'buyer@acme.test', to: box, subject: 'New ORDER', text: 'Please ship PO-77' });
      expect(wp.started.at(-1)).toMatchObject({ environmentId: env, processId: 'order-intake', triggerId: orders.id, mail: { from: 'buyer@acme.test', subject: 'New ORDER' } });
      await mail({ from: 'billing@vendor.test', to: box, subject: 'Your statement', text: 'attached' });
      expect(wp.started.at(-1)).toMatchObject({ processId: 'invoice', triggerId: invoices.id });
      await mail({ from: 'buyer@acme.test', to: box, subject: 'New order', text: 'no purchase number' }); // AND: body fails
      await mail({ from: 'buyer@other.test', to: box, subject: 'New order', text: 'PO-1' }); // domain not considered
      expect(wp.started.length).toBe(startedBefore + 2);
      expect(await lastInbound()).toMatchObject({ outcome: 'no-trigger' });

      const urgent = await create({ name: 'Urgent orders', processId: 'urgent', senderDomains: [], match: 'any', conditions: [{ field: 'subject', operator: 'contains', value: 'order' }] });
      await mail({ from: 'buyer@acme.test', to: box, subject: 'Order again', text: 'PO-78' }); // matches Orders and Urgent: the newer one only
      expect(wp.started.length).toBe(startedBefore + 3);
      expect(wp.started.at(-1)).toMatchObject({ processId: 'urgent', triggerId: urgent.id });

      const list = await h.call<MailTriggerListReply>(SmtpSubjects.triggerList, { environmentId: env }, admin);
      expect(list.items.map((t) => t.name)).toEqual(['Urgent orders', 'Invoices', 'Orders']);
      // modifying a trigger makes it the most recent: Orders now wins over Urgent orders
      const changed = await h.call<MailTriggerReply>(SmtpSubjects.triggerUpdate, { environmentId: env, triggerId: orders.id, name: 'Orders (PO)' }, admin);
      expect(changed).toMatchObject({ name: 'Orders (PO)', processId: 'order-intake', match: 'all' });
      await mail({ from: 'buyer@acme.test', to: box, subject: 'Order 4', text: 'PO-80' });
      expect(wp.started.at(-1)).toMatchObject({ processId: 'order-intake' });
      await h.call(SmtpSubjects.triggerUpdate, { environmentId: env, triggerId: orders.id, active: false }, admin);
      await mail({ from: 'buyer@acme.test', to: box, subject: 'Order 5', text: 'PO-81' });
      expect(wp.started.at(-1)).toMatchObject({ processId: 'urgent' });
      await h.call(SmtpSubjects.triggerUpdate, { environmentId: env, triggerId: orders.id, active: true }, admin);
      await h.call(SmtpSubjects.triggerDelete, { environmentId: env, triggerId: urgent.id }, admin);
      await mail({ from: 'buyer@acme.test', to: box, subject: 'Order 3', text: 'PO-79' });
      expect(wp.started.at(-1)).toMatchObject({ processId: 'order-intake' });
    });

    it('should refuse mail to the mailbox of an environment without triggers, and keep trigger rules from other tenants and readers', async () => {
      const other = randomUUID();
      await expect(refusal(mail({ from: 'a@acme.test', to: `env-${other}@${DOMAIN}`, text: 'order PO-1' }))).resolves.toBe(550);
      const stranger = await h.userToken([], []);
      const reader = await h.userToken([env], []);
      const body = { environmentId: env, name: 'x', processId: 'p', senderDomains: [], match: 'all', conditions: [{ field: 'subject', operator: 'contains', value: 'x' }] };
      await expect(codeOf(h.call(SmtpSubjects.triggerList, { environmentId: env }, stranger))).resolves.toBe('SMTP.NOT_FOUND');
      await expect(codeOf(h.call(SmtpSubjects.triggerCreate, body, stranger))).resolves.toBe('SMTP.NOT_FOUND');
      await expect(codeOf(h.call(SmtpSubjects.triggerCreate, body, reader))).resolves.toBe('SMTP.FORBIDDEN');
      await expect(codeOf(h.call(SmtpSubjects.triggerCreate, { ...body, conditions: [] }, reader))).resolves.toBe('SMTP.VALIDATION');
      await expect(codeOf(h.call(SmtpSubjects.triggerDelete, { environmentId: env, triggerId: randomUUID() }, await h.userToken([env], [env])))).resolves.toBe('SMTP.NOT_FOUND');
      await expect(codeOf(h.call(SmtpSubjects.triggerUpdate, { environmentId: env, triggerId: randomUUID(), active: false }, reader))).resolves.toBe('SMTP.FORBIDDEN');
      await expect(codeOf(h.call(SmtpSubjects.triggerUpdate, { environmentId: env, triggerId: randomUUID(), conditions: [] }, await h.userToken([env], [env])))).resolves.toBe('SMTP.VALIDATION');
      expect((await h.call<MailTriggerListReply>(SmtpSubjects.triggerList, { environmentId: env }, reader)).items.map((t) => t.name)).not.toContain('x');
    });
  });
});
