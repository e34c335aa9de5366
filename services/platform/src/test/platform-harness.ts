import { PlatformSubjects } from '@fleet/contracts-platform';
import type { RunningService } from '@fleet/shared-service-kit';
import { cleanupStreams, eventually, FakeIdentity, plainNatsClient, serviceTestEnv, startInProcess, testDatabase, type TestEngine } from '@fleet/shared-testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { PlatformService } from '../service';

/** A platform under test: the service on a fresh database, a stand-in accounts, and its bootstrap administrator. */
export interface PlatformHarness {
  svc: RunningService;
  nc: NatsConnection;
  identity: FakeIdentity;
  companyId: string;
  adminId: string;
  adminToken: string;
  /** A request carrying `token` (default: the administrator's). */
  call: <T = Record<string, unknown> & { id: string }>(subject: string, data: unknown, token?: string) => Promise<T>;
  stop: () => Promise<void>;
}

/**
 * Starts platform in this process against real NATS and a real database, waits for the first-start
 * bootstrap (company + administrator with company_admin and platform_operator), and returns its token.
 */
export async function startPlatform(engine: TestEngine, prefix: string, adminEmail = 'root@example.test', extra: Record<string, string> = {}): Promise<PlatformHarness> {
  const nc = await plainNatsClient();
  const identity = await FakeIdentity.create();
  identity.serve(nc, `${prefix}.`);
  const db = await testDatabase(engine, prefix);
  const svc = await startInProcess(PlatformService, serviceTestEnv('platform', { dbUrl: db.url, prefix, extra: { FLEET_ADMIN_EMAIL: adminEmail, ...extra } }));
  const admin = await eventually(async () => identity.users.get(`company|${adminEmail}`), 'the bootstrap administrator');
  const adminToken = await identity.token(admin.userId, admin.companyId);
  const call = <T>(subject: string, data: unknown, token: string = adminToken) => svc.ctx.rpc.request<T>(subject, data, { headers: { authorization: `Bearer ${token}` } });
  await eventually(() => call<{ grants: unknown[] }>(PlatformSubjects.accessMine, {}).then((r) => (r.grants.length === 2 ? true : undefined)), 'the bootstrap grants');
  return {
    svc,
    nc,
    identity,
    companyId: admin.companyId,
    adminId: admin.userId,
    adminToken,
    call,
    stop: async () => {
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
