import { PlatformSubjects } from '@fleet/contracts-platform';
import type { RunningService } from '@fleet/shared-service-kit';
import { cleanupStreams, FakeIdentity, plainNatsClient, serviceTestEnv, startInProcess, testDatabase, type TestEngine } from '@fleet/shared-testing';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { SmtpService } from '../service';

/** Who may do what on which environment, as the stand-in platform answers `platform.permission.check`. */
export interface EnvGrants {
  read: Set<string>;
  manage: Set<string>;
}

/** An smtp under test: the service in this process, a stand-in accounts (tokens) and platform (permission answers). */
export interface SmtpHarness {
  svc: RunningService;
  nc: NatsConnection;
  identity: FakeIdentity;
  prefix: string;
  companyId: string;
  /** Grants per user id (the stand-in platform's table). */
  grants: Map<string, EnvGrants>;
  /** A company user's token with those grants. */
  userToken: (read: string[], manage: string[]) => Promise<string>;
  call: <T = Record<string, unknown>>(subject: string, data: unknown, token: string) => Promise<T>;
  stop: () => Promise<void>;
}

/** The `sub` of a JWT (the stand-in platform trusts smtp to have verified it; smtp does). */
const subOf = (authorization: string | undefined) => {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (!token) return undefined;
  return (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub?: string }).sub;
};

/** Answers `platform.permission.check` from `grants` in the wire format (visible = may read). */
export function servePermissions(nc: NatsConnection, prefix: string, grants: Map<string, EnvGrants>): Subscription {
  return nc.subscribe(`${prefix}.${PlatformSubjects.permissionCheck}`, {
    queue: 'platform',
    callback: (_e, msg) => {
      const packet = msg.json<{ id: string; data: { action: string; resourceId: string } }>();
      const g = grants.get(subOf(msg.headers?.get('authorization')) ?? '');
      const visible = !!g?.read.has(packet.data.resourceId);
      const allowed = packet.data.action === 'environment.read' ? visible : !!g?.manage.has(packet.data.resourceId);
      msg.respond(JSON.stringify({ id: packet.id, isDisposed: true, response: { allowed, visible, reason: allowed ? 'granted' : 'not granted' } }));
    },
  });
}

export async function startSmtp(engine: TestEngine, prefix: string, extra: Record<string, string> = {}): Promise<SmtpHarness> {
  const nc = await plainNatsClient();
  const identity = await FakeIdentity.create();
  identity.serve(nc, `${prefix}.`);
  const grants = new Map<string, EnvGrants>();
  const permissions = servePermissions(nc, prefix, grants);
  const db = await testDatabase(engine, prefix);
  const svc = await startInProcess(SmtpService, serviceTestEnv('smtp', { dbUrl: db.url, prefix, extra: { SMTP_DISPATCH_INTERVAL_MS: '50', SMTP_RETRY_BASE_MS: '100', SMTP_RETRY_MAX_MS: '400', SMTP_SEND_TIMEOUT_MS: '1500', ...extra } }));
  const companyId = randomUUID();
  return {
    svc,
    nc,
    identity,
    prefix,
    companyId,
    grants,
    userToken: async (read, manage) => {
      const userId = randomUUID();
      grants.set(userId, { read: new Set(read), manage: new Set(manage) });
      return identity.token(userId, companyId);
    },
    call: <T>(subject: string, data: unknown, token: string) => svc.ctx.rpc.request<T>(subject, data, { headers: { authorization: `Bearer ${token}` } }),
    stop: async () => {
      permissions.unsubscribe();
      identity.stop();
      await svc.stop();
      await db.drop();
      await nc.close();
      await cleanupStreams(prefix);
    },
  };
}

/** The error code a call ended with, or 'OK'. */
export function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => 'OK',
    (e: { code?: string }) => e.code,
  );
}
