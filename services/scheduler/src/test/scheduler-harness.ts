import type { JobFiredEvent } from '@fleet/contracts-scheduler';
import type { RunningService } from '@fleet/shared-service-kit';
import { cleanupStreams, FakeIdentity, plainNatsClient, serviceTestEnv, startInProcess, testDatabase, uniquePrefix, type TestEngine } from '@fleet/shared-testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { SchedulerService } from '../service';

/** The tenant of the tests: company C, environment E; `admin` may manage E, `reader` only read it; others see nothing. */
export interface World {
  companyId: string;
  environmentId: string;
  admin: string;
  reader: string;
  stranger: string;
  runtime: string;
  deployment: string;
}

/**
 * Scheduler replicas in this process (same kit as production) sharing one database, a fake
 * accounts (tokens, JWKS) and a fake platform permission API, and a JetStream consumer that
 * collects every fired event.
 */
export class SchedulerHarness {
  readonly replicas: RunningService[] = [];
  readonly fired: (JobFiredEvent & { subject: string; receivedAt: number })[] = [];
  nc!: NatsConnection;
  world!: World;
  private identity!: FakeIdentity;
  private subs: Subscription[] = [];
  private stopConsumer?: () => void;
  private dropDb?: () => Promise<void>;
  dbUrl!: string;

  constructor(
    readonly prefix = uniquePrefix('sched'),
    private readonly engine: TestEngine = 'sqlite',
  ) {}

  async start(replicas: number, extra: Record<string, string> = {}): Promise<void> {
    this.nc = await plainNatsClient();
    this.identity = await FakeIdentity.create();
    this.identity.serve(this.nc, `${this.prefix}.`);
    const companyId = randomUUID();
    const environmentId = randomUUID();
    this.world = {
      companyId,
      environmentId,
      admin: await this.identity.token(randomUUID(), companyId),
      reader: await this.identity.token(`reader-${randomUUID()}`, companyId),
      stranger: await this.identity.token(randomUUID(), randomUUID()),
      runtime: await this.identity.serviceToken('work-portal'),
      deployment: await this.identity.serviceToken('deployment'),
    };
    this.servePermissions();
    const db = await testDatabase(this.engine, this.prefix);
    this.dbUrl = db.url;
    this.dropDb = db.drop;
    for (let i = 0; i < replicas; i++) await this.addReplica(extra);
    await this.consume();
  }

  async addReplica(extra: Record<string, string> = {}): Promise<RunningService> {
    const r = await startInProcess(SchedulerService, serviceTestEnv('scheduler', { dbUrl: this.dbUrl, prefix: this.prefix, extra: { SCHEDULER_POLL_MS: '50', ...extra } }));
    this.replicas.push(r);
    return r;
  }

  /** platform.permission.check: the admin may do everything on E, the reader only read it. */
  private servePermissions(): void {
    const w = this.world;
    const subOf = (auth: string | undefined) => JSON.parse(Buffer.from((auth ?? '').split('.')[1] ?? '', 'base64url').toString() || '{}') as { sub?: string; cid?: string };
    this.subs.push(
      this.nc.subscribe(`${this.prefix}.platform.permission.check`, {
        callback: (_e, msg) => {
          const p = msg.json<{ id: string; data: { action: string; resourceId: string } }>();
          const claims = subOf(msg.headers?.get('authorization'));
          const mine = claims.cid === w.companyId && p.data.resourceId === w.environmentId;
          const reader = mine && (claims.sub ?? '').startsWith('reader-');
          const allowed = mine && (!reader || p.data.action === 'environment.read');
          msg.respond(JSON.stringify({ id: p.id, isDisposed: true, response: { allowed, visible: mine, reason: 'test' } }));
        },
      }),
    );
  }

  private async consume(): Promise<void> {
    const subject = `${this.prefix}.scheduler.job.fired`;
    const jsm = await jetstreamManager(this.nc);
    const stream = await jsm.streams.find(subject);
    const consumer = await jetstream(this.nc).consumers.get(stream);
    const messages = await consumer.consume();
    this.stopConsumer = () => void messages.stop();
    void (async () => {
      for await (const m of messages) this.fired.push({ ...m.json<JobFiredEvent>(), subject: m.subject.slice(this.prefix.length + 1), receivedAt: Date.now() });
    })();
  }

  /** A request in the wire format as `token`; resolves the reply DTO or rejects with the error envelope. */
  async call<T>(subject: string, data: unknown, token?: string): Promise<T> {
    const h = natsHeaders();
    if (token) h.set('authorization', `Bearer ${token}`);
    const msg = await this.nc.request(`${this.prefix}.${subject}`, JSON.stringify({ pattern: subject, data, id: randomUUID() }), { timeout: 10000, headers: h });
    const body = msg.json<{ response?: T; err?: { code: string; message: string } }>();
    if (body.err) throw Object.assign(new Error(body.err.message), body.err);
    return body.response as T;
  }

  firedFor(jobId: string): (JobFiredEvent & { subject: string; receivedAt: number })[] {
    return this.fired.filter((e) => e.jobId === jobId);
  }

  async stop(): Promise<void> {
    for (const r of this.replicas) await r.stop();
    this.stopConsumer?.();
    for (const s of this.subs) s.unsubscribe();
    this.identity?.stop();
    await this.nc?.close();
    await cleanupStreams(this.prefix);
    await this.dropDb?.();
  }
}
