import { BackendServices } from '@fleet/contracts-fleet';
import { FakeIdentity, freePort, plainNatsClient, ServiceProcess, TEST_SERVICE_SECRET, testNatsUrl, uniquePrefix } from '@fleet/shared-testing';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real gateway (the built process, as in production) on a free port, in front of stand-ins
 * for the services: FakeIdentity answers accounts (JWKS, sessions), and every other service's
 * subjects answer NOT_FOUND (health: up). Each message a stand-in receives is recorded with its
 * correlation id, so tests can tell which requests went past the edge.
 */
export class EdgeHarness {
  readonly seen = new Set<string>();
  seenCount = 0;
  private subs: Subscription[] = [];

  private constructor(
    readonly gateway: ServiceProcess,
    readonly prefix: string,
    readonly url: string,
    readonly identity: FakeIdentity,
    private readonly nc: NatsConnection,
    private readonly dir: string,
  ) {}

  static async start(extraEnv: Record<string, string> = {}, shared?: { prefix: string; identity: FakeIdentity; serve: boolean }): Promise<EdgeHarness> {
    const prefix = shared?.prefix ?? uniquePrefix('edge');
    const dir = mkdtempSync(join(tmpdir(), 'fleet-edge-'));
    const nc = await plainNatsClient();
    const identity = shared?.identity ?? (await FakeIdentity.create());
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NATS_URL: testNatsUrl(),
      FLEET_SUBJECT_PREFIX: `${prefix}.`,
      GATEWAY_DB_URL: `sqlite:${join(dir, 'gateway.db')}`,
      GATEWAY_HEALTH_PORT: String(await freePort()),
      GATEWAY_PORT: String(port),
      LOG_LEVEL: 'info',
      FLEET_SERVICE_SECRET: TEST_SERVICE_SECRET,
      ...extraEnv,
    };
    const gateway = new ServiceProcess('gateway', Number(env.GATEWAY_HEALTH_PORT), env, join(dir, 'gateway.log'));
    const h = new EdgeHarness(gateway, `${prefix}.`, `http://127.0.0.1:${port}`, identity, nc, dir);
    if (!shared || shared.serve) {
      identity.serve(nc, `${prefix}.`);
      for (const svc of BackendServices.filter((s) => s !== 'accounts')) h.stub(`${prefix}.${svc}.>`, svc);
      h.stub(`${prefix}.accounts.health.check`, 'accounts');
    }
    gateway.start();
    await gateway.ready();
    return h;
  }

  private stub(subject: string, service: string): void {
    this.subs.push(
      this.nc.subscribe(subject, {
        queue: service,
        callback: (_e, msg) => {
          const packet = msg.json<{ id: string; pattern: string }>();
          this.seenCount += 1;
          const cid = msg.headers?.get('x-correlation-id');
          if (cid) this.seen.add(cid);
          const body = msg.subject.endsWith('.health.check')
            ? { id: packet.id, isDisposed: true, response: { status: 'up', service, checks: {} } }
            : { id: packet.id, isDisposed: true, err: { code: `${service.toUpperCase().replace(/-/g, '_')}.NOT_FOUND`, message: 'stand-in: nothing here' } };
          msg.respond(JSON.stringify(body));
        },
      }),
    );
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  async stop(): Promise<void> {
    for (const s of this.subs) s.unsubscribe();
    const exit = await this.gateway.kill('SIGTERM');
    await this.nc.drain();
    if (exit.code === 0 || exit.signal === 'SIGTERM') rmSync(this.dir, { recursive: true, force: true });
    else process.stderr.write(`gateway ended with ${JSON.stringify(exit)}: log kept in ${this.dir}\n`);
  }
}

export interface RawResponse {
  status?: number;
  headers: Record<string, string>;
  body: string;
  /** The connection closed (or was reset) before a status line arrived. */
  dropped: boolean;
}

/** Sends bytes exactly as given on a fresh connection and reads until the server closes (or `timeoutMs`). */
export function rawRequest(port: number, bytes: Buffer | string, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1');
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const headEnd = text.indexOf('\r\n\r\n');
      const headers: Record<string, string> = {};
      for (const line of text.slice(0, headEnd < 0 ? text.length : headEnd).split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: m ? Number(m[1]) : undefined, headers, body: headEnd < 0 ? '' : text.slice(headEnd + 4), dropped: !m });
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (c) => {
      chunks.push(c);
      // one response is enough: stop at the end of a Content-Length body
      const text = Buffer.concat(chunks).toString('latin1');
      const headEnd = text.indexOf('\r\n\r\n');
      const cl = /\r\ncontent-length: (\d+)/i.exec(text.slice(0, headEnd));
      if (headEnd >= 0 && cl && Buffer.concat(chunks).length >= headEnd + 4 + Number(cl[1])) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes);
  });
}
