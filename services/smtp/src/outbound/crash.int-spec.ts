import { ACCOUNTS_EVENT_SUBJECTS, AccountsEvents } from '@fleet/contracts-accounts';
import { SmtpSubjects, type NotificationAcceptedReply } from '@fleet/contracts-smtp';
import { ensureServiceStream } from '@fleet/shared-events';
import { RpcClient } from '@fleet/shared-nats';
import { cleanupStreams, eventually, FakeIdentity, freePort, plainNatsClient, ServiceProcess, TEST_SERVICE_SECRET, testNatsUrl, uniquePrefix } from '@fleet/shared-testing';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestRelay } from '../test/test-relay';

/**
 * The built smtp (dist/main.js) as a real child process, killed with SIGKILL in the middle of an
 * SMTP conversation and started again on the same database: every accepted e-mail arrives, and the
 * relay keeps exactly one copy of each (the Message-ID is the same on every attempt).
 */
describe('smtp outbox across a kill (child process)', () => {
  const prefix = uniquePrefix('smtpkill');
  const dir = mkdtempSync(join(tmpdir(), 'fleet-smtp-kill-'));
  const relay = new TestRelay();
  let nc: NatsConnection;
  let identity: FakeIdentity;
  let proc: ServiceProcess;

  beforeAll(async () => {
    nc = await plainNatsClient();
    identity = await FakeIdentity.create();
    identity.serve(nc, `${prefix}.`);
    await relay.start();
    const healthPort = await freePort();
    proc = new ServiceProcess(
      'smtp',
      healthPort,
      {
        PATH: process.env.PATH,
        NATS_URL: testNatsUrl(),
        FLEET_SUBJECT_PREFIX: prefix,
        SMTP_DB_URL: `sqlite:${join(dir, 'smtp.db')}`,
        SMTP_HEALTH_PORT: String(healthPort),
        FLEET_DATA_DIR: dir,
        FLEET_SERVICE_SECRET: TEST_SERVICE_SECRET,
        SMTP_RELAY_URL: `smtp://127.0.0.1:${relay.port}`,
        SMTP_LEASE_MS: '1500',
        SMTP_RETRY_BASE_MS: '100',
        SMTP_RETRY_MAX_MS: '400',
        SMTP_DISPATCH_INTERVAL_MS: '50',
        LOG_LEVEL: 'debug',
      },
      join(dir, 'smtp.log'),
    );
  }, 30000);

  afterAll(async () => {
    await proc?.kill('SIGTERM');
    identity?.stop();
    await nc?.close();
    await relay.stop();
    await cleanupStreams(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('should deliver every accepted e-mail exactly once to the relay after SIGKILL mid-send, and never log a code', async () => {
    proc.start();
    await proc.ready();

    const rpc = new RpcClient(nc, `${prefix}.`, 5000);
    const token = await identity.serviceToken('work-portal');
    const environmentId = randomUUID();
    let killed: Promise<unknown> | undefined;
    let received = 0;
    relay.onReceived = async () => {
      if (++received === 5) {
        killed = proc.kill('SIGKILL'); // the relay has the message; the sender dies before it hears 250
        await killed;
      }
    };
    relay.mode = { kind: 'stall', ms: 30 };
    const accepted: NotificationAcceptedReply[] = [];
    for (let i = 0; i < 20; i++) {
      accepted.push(
        await rpc.request<NotificationAcceptedReply>(
          SmtpSubjects.notificationSend,
          { companyId: randomUUID(), environmentId, template: 'case-cancelled', recipient: `r${i}@example.test`, data: { caseNumber: `C-${i}` }, idempotencyKey: `k${i}` },
          { headers: { authorization: `Bearer ${token}` } },
        ),
      );
    }
    // identity e-mails from JetStream too, carrying codes that must never reach a log line
    const p = `${prefix}.`;
    await ensureServiceStream(nc, 'accounts', ACCOUNTS_EVENT_SUBJECTS, p);
    const codes = ['739184', '604217', '918273'];
    for (const code of codes) {
      await jetstream(nc).publish(p + AccountsEvents.otpIssued, JSON.stringify({ userId: randomUUID(), email: `otp-${code}@example.test`, realm: 'company', code, expiresAt: new Date(Date.now() + 300_000).toISOString() }), { msgID: randomUUID() });
    }

    await eventually(async () => killed, 'the kill mid-send', 20000);
    await killed;
    expect(proc.running).toBe(false);
    proc.start(); // same database file
    await proc.ready();

    const ids = accepted.map((a) => `<${a.notificationId}@fleet>`);
    await eventually(async () => (ids.every((id) => relay.mails.has(id)) && codes.every((c) => relay.to(`otp-${c}@example.test`).length === 1) ? true : undefined), 'every e-mail at the relay', 30000);
    const statuses = () => {
      const db = new Database(join(dir, 'smtp.db'), { readonly: true });
      try {
        return db.prepare('SELECT status, COUNT(*) AS n FROM mail_messages GROUP BY status').all();
      } finally {
        db.close();
      }
    };
    // the row that was in flight at the kill is sent again once its lease (1.5 s) expires
    await eventually(async () => (JSON.stringify(statuses()) === JSON.stringify([{ status: 'sent', n: 23 }]) ? true : undefined), 'every row sent', 30000);
    expect(relay.mails.size).toBe(23); // one copy per Message-ID
    // the at-least-once window: DATA the relay acknowledged more often than there are e-mails
    const repeats = relay.acknowledged - relay.mails.size;
    expect(repeats).toBeGreaterThanOrEqual(1); // the one in flight at the kill was sent again …
    expect(repeats).toBeLessThanOrEqual(8); // … at most one claimed batch
    const log = readFileSync(join(dir, 'smtp.log'), 'utf8');
    for (const code of codes) expect(log).not.toContain(code);
    expect(log).toContain('e-mail sent');
  }, 90000);
});
