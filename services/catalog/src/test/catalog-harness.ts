import type { RunningService } from '@fleet/shared-service-kit';
import { cleanupStreams, FakeIdentity, plainNatsClient, serviceTestEnv, startInProcess, testDatabase, type TestEngine } from '@fleet/shared-testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { CatalogService } from '../service';
import { FakePlatformPermissions, type ProjectRole } from './fake-platform-permissions';

/** A person of a test: user id, company, access token. */
export interface Person {
  id: string;
  companyId: string;
  token: string;
}

export interface CatalogHarness {
  svc: RunningService;
  nc: NatsConnection;
  identity: FakeIdentity;
  permissions: FakePlatformPermissions;
  companyId: string;
  /** A new project of the company (or of `companyId`). */
  project: (companyId?: string) => string;
  /** A person of the company (or `companyId`) with `role` on the projects given. */
  person: (grants: [string, ProjectRole][], companyId?: string) => Promise<Person>;
  /** A request as `who` (no token when undefined). */
  call: <T = Record<string, unknown>>(subject: string, data: unknown, who?: Person) => Promise<T>;
  stop: () => Promise<void>;
}

/** catalog in this process on real NATS and a real database, with stand-ins for accounts (tokens, JWKS) and platform (permissions). */
export async function startCatalog(engine: TestEngine, prefix: string): Promise<CatalogHarness> {
  const nc = await plainNatsClient();
  const identity = await FakeIdentity.create();
  identity.serve(nc, `${prefix}.`);
  const permissions = new FakePlatformPermissions();
  permissions.serve(nc, `${prefix}.`);
  const db = await testDatabase(engine, prefix);
  const svc = await startInProcess(CatalogService, serviceTestEnv('catalog', { dbUrl: db.url, prefix }));
  const companyId = randomUUID();
  return {
    svc,
    nc,
    identity,
    permissions,
    companyId,
    project: (company = companyId) => {
      const id = randomUUID();
      permissions.project(id, company);
      return id;
    },
    person: async (grants, company = companyId) => {
      const id = randomUUID();
      for (const [projectId, role] of grants) permissions.grant(id, projectId, role);
      return { id, companyId: company, token: await identity.token(id, company) };
    },
    call: <T>(subject: string, data: unknown, who?: Person) => svc.ctx.rpc.request<T>(subject, data, { headers: who ? { authorization: `Bearer ${who.token}` } : {}, timeoutMs: 30000 }),
    stop: async () => {
      identity.stop();
      permissions.stop();
      await svc.stop();
      await db.drop();
      await nc.close();
      await cleanupStreams(prefix);
    },
  };
}

/** The error a call ended with (fails when it succeeded). */
export async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    return err as { code: string; message: string; details?: Record<string, unknown> };
  }
  throw new Error('expected the request to be refused');
}
