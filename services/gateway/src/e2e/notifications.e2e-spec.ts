import { cleanupStreams, eventually, freePort, startFleet, TEST_ADMIN, testNatsUrl, uniquePrefix, type FleetUnderTest } from '@fleet/shared-testing';
import { simpleParser } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

interface Mail {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
}

/** A real SMTP relay on loopback (smtp-server) that keeps what it receives. */
async function startRelay(port: number): Promise<{ mails: Mail[]; stop: () => Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, cb) => {
      simpleParser(stream).then(
        (p) => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: p.subject ?? '', text: p.text ?? '', messageId: p.messageId ?? '' });
          cb();
        },
        (err: Error) => cb(err),
      );
    },
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(port, '127.0.0.1', () => res());
  });
  return { mails, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * E-mail through the fleet (issue 5): an invitation created over the HTTP API arrives as an e-mail
 * at a local SMTP relay (smtp is a real process with SMTP_RELAY_URL), including one issued while
 * smtp was down (it waited in JetStream); the link's token then accepts the invitation. Also the
 * environment's relay, delivery log and triggers over HTTP.
 */
describe('notifications through the gateway', () => {
  const prefix = uniquePrefix('e2email');
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-e2e-mail-'));
  let fleet: FleetUnderTest;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let token: string;
  let companyId: string;
  let relayPort = 0;
  const send = async (method: string, path: string, body?: unknown, bearer = token): Promise<{ status: number; body: Record<string, unknown> }> => {
    const r = await fetch(`${fleet.gatewayUrl}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const mailTo = (email: string) => eventually(async () => relay.mails.find((m) => m.to.includes(email)), `the e-mail to ${email}`, 30000, 100);

  beforeAll(async () => {
    relayPort = await freePort();
    relay = await startRelay(relayPort);
    fleet = await startFleet({ natsUrl: testNatsUrl(), prefix, dataDir, env: { SMTP_RELAY_URL: `smtp://127.0.0.1:${relayPort}`, SMTP_PUBLIC_URL: 'https://portal.fleet.test' } });
    token = await eventually(async () => {
      const r = await send('POST', '/api/v1/auth/login', { email: TEST_ADMIN.email, password: TEST_ADMIN.password }, '');
      return r.status === 200 ? (r.body.access_token as string) : undefined;
    }, 'the administrator to sign in', 30000, 250);
    companyId = (await send('GET', '/api/v1/me')).body.companyId as string;
  }, 180000);
  afterAll(async () => {
    await fleet?.stop();
    await relay?.stop();
    await cleanupStreams(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should e-mail an invitation created over HTTP through the relay, and its link should accept it', async () => {
    const email = `invitee-${randomUUID().slice(0, 8)}@example.test`;
    const created = await send('POST', '/api/v1/invitations', { companyId, email, role: 'company_admin', resourceId: companyId });
    expect(created.status).toBe(201);
    const mail = await mailTo(email);
    expect(mail.subject).toBe('You are invited to Fleet');
    const link = /https:\/\/portal\.fleet\.test\/invitations\/accept\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
    expect(link).not.toBeNull();
    const accepted = await send('POST', '/api/v1/invitations/accept', { token: link![1], password: 'Invited-Passw0rd-77' }, '');
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ email, status: 'accepted' });
  });

  it('should e-mail an invitation issued while smtp was down once smtp is back (the event waited in JetStream)', async () => {
    await fleet.services.smtp.kill('SIGTERM');
    const email = `later-${randomUUID().slice(0, 8)}@example.test`;
    expect((await send('POST', '/api/v1/invitations', { companyId, email, role: 'company_admin', resourceId: companyId })).status).toBe(201);
    await new Promise((r) => setTimeout(r, 500));
    expect(relay.mails.some((m) => m.to.includes(email))).toBe(false);
    fleet.services.smtp.start();
    await fleet.services.smtp.ready();
    expect((await mailTo(email)).subject).toBe('You are invited to Fleet');
  }, 90000);

  it("should keep an environment's relay (never answering its password), delivery log and triggers over HTTP", async () => {
    const subscription = (await send('POST', '/api/v1/subscriptions', { companyId, kind: 'automation', name: 'Mail' })).body.id as string;
    const project = (await send('POST', '/api/v1/projects', { subscriptionId: subscription, name: `Mail ${randomUUID().slice(0, 6)}` })).body.id as string;
    const env = (await send('POST', `/api/v1/projects/${project}/environments`, { kind: 'development' })).body.id as string;
    const base = `/api/v1/environments/${env}/notifications`;
    expect((await send('GET', `${base}/relay`)).body).toMatchObject({ configured: false, passwordSet: false });
    const put = await send('PUT', `${base}/relay`, { enabled: true, host: '127.0.0.1', port: relayPort, security: 'none', username: 'u', password: 'relay-Secret-1', fromAddress: 'portal@customer.test' });
    expect(put.status).toBe(200);
    const got = await send('GET', `${base}/relay`);
    expect(got.body).toMatchObject({ configured: true, passwordSet: true, port: relayPort, username: 'u' });
    expect(JSON.stringify(got.body)).not.toContain('relay-Secret-1');
    expect((await send('PUT', `${base}/relay`, { enabled: true, host: '127.0.0.1', port: 99999, security: 'none', fromAddress: 'x@y.test' })).body).toMatchObject({ code: 'GATEWAY.VALIDATION', details: { fields: [{ path: 'port' }] } });
    expect((await send('GET', `${base}/deliveries`)).body).toEqual({ items: [] });
    const trigger = await send('POST', `${base}/triggers`, { name: 'Orders', processId: 'order', senderDomains: ['acme.test'], conditions: [{ field: 'subject', operator: 'contains', value: 'order' }], match: 'all' });
    expect(trigger.status).toBe(201);
    expect((await send('GET', `${base}/triggers`)).body.items).toEqual([expect.objectContaining({ id: trigger.body.id, mailbox: `env-${env}@mail.fleet.local` })]);
    expect((await send('DELETE', `${base}/triggers/${trigger.body.id as string}`)).status).toBe(200);
    expect((await send('GET', `${base}/triggers`)).body.items).toEqual([]);
  });
});
