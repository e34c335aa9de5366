import { CatalogSubjects, type TagSnapshotReply } from '@fleet/contracts-catalog';
import { PlatformSubjects, type EnvironmentKind } from '@fleet/contracts-platform';
import { FakeIdentity, plainNatsClient } from '@fleet/shared-testing';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { createHash, randomUUID } from 'node:crypto';

/** A stand-in platform's view: who holds which role where. */
export type Role = 'owner' | 'collaborator' | 'admin' | 'stranger';

const ROLE_ACTIONS: Record<Role, string[]> = {
  owner: ['project.read', 'project.deploy', 'environment.read', 'environment.manage', 'company.read'],
  collaborator: ['project.read', 'environment.read', 'company.read'],
  admin: ['project.read', 'project.deploy', 'environment.read', 'environment.manage', 'company.read', 'company.manage'],
  stranger: [],
};

export const sha = (s: string): string => createHash('sha256').update(Buffer.from(s, 'utf8')).digest('hex');

export function artifact(kind: string, name: string, content: unknown, id: string = randomUUID()): TagSnapshotReply['artifacts'][number] {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return { id, kind: kind as never, name, displayName: name, content: text, contentHash: sha(text) };
}

/**
 * What deployment's integration tests talk to over real NATS: a stand-in accounts (FakeIdentity),
 * a stand-in platform answering `platform.permission.check` and `platform.environment.get` from a
 * small role table, and a stand-in catalog answering `catalog.tag.snapshot` with the tags a test
 * defines (the real catalog is built separately; this is its documented contract).
 */
export class DeploymentWorld {
  readonly companyId = randomUUID();
  readonly otherCompanyId = randomUUID();
  readonly projectId = randomUUID();
  readonly environments: Record<EnvironmentKind, string> = { development: randomUUID(), test: randomUUID(), staging: randomUUID(), production: randomUUID() };
  readonly tags = new Map<string, TagSnapshotReply>();
  readonly users: Record<Role, string> = { owner: randomUUID(), collaborator: randomUUID(), admin: randomUUID(), stranger: randomUUID() };
  readonly tokens = {} as Record<Role, string>;
  /** Tokens the stand-in catalog was called with (the caller's, forwarded). */
  readonly catalogCalls: (string | undefined)[] = [];
  private subs: Subscription[] = [];

  private constructor(
    readonly nc: NatsConnection,
    readonly identity: FakeIdentity,
    readonly prefix: string,
  ) {}

  static async start(prefix: string): Promise<DeploymentWorld> {
    const nc = await plainNatsClient();
    const identity = await FakeIdentity.create();
    identity.serve(nc, `${prefix}.`);
    const w = new DeploymentWorld(nc, identity, prefix);
    for (const role of Object.keys(w.users) as Role[]) w.tokens[role] = await identity.token(w.users[role], role === 'stranger' ? w.otherCompanyId : w.companyId);
    w.serve();
    return w;
  }

  /** Defines a tag the stand-in catalog answers for the project. */
  tag(tag: string, version: number, artifacts: TagSnapshotReply['artifacts']): TagSnapshotReply {
    const s: TagSnapshotReply = { projectId: this.projectId, companyId: this.companyId, tag, commitId: randomUUID(), version, createdAt: new Date(Date.UTC(2026, 10, 1, 0, version)).toISOString(), artifacts };
    this.tags.set(tag, s);
    return s;
  }

  private roleOf(authorization: string | undefined): Role | undefined {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    const sub = (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub: string }).sub;
    return (Object.keys(this.users) as Role[]).find((r) => this.users[r] === sub);
  }

  private companyOf(resourceType: string, id: string): string | undefined {
    if (resourceType === 'company') return id;
    if (resourceType === 'project' && id === this.projectId) return this.companyId;
    if (resourceType === 'environment' && Object.values(this.environments).includes(id)) return this.companyId;
    return undefined;
  }

  private serve(): void {
    const answer = (subject: string, handle: (data: Record<string, string>, auth: string | undefined) => unknown) => {
      this.subs.push(
        this.nc.subscribe(`${this.prefix}.${subject}`, {
          callback: (_e, msg) => {
            const packet = msg.json<{ id: string; data: Record<string, string> }>();
            try {
              const response = handle(packet.data, msg.headers?.get('authorization') || undefined);
              msg.respond(JSON.stringify({ id: packet.id, isDisposed: true, response }));
            } catch (err) {
              msg.respond(JSON.stringify({ id: packet.id, isDisposed: true, err }));
            }
          },
        }),
      );
    };
    answer(PlatformSubjects.permissionCheck, (d, auth) => {
      const role = this.roleOf(auth);
      const company = this.companyOf(d.resourceType, d.resourceId);
      const visible = !!role && role !== 'stranger' && company === this.companyId;
      const allowed = visible && ROLE_ACTIONS[role].includes(d.action);
      return { allowed, visible, reason: allowed ? `as ${role}` : 'no' };
    });
    answer(PlatformSubjects.environmentGet, (d, auth) => {
      const role = this.roleOf(auth);
      const kind = (Object.keys(this.environments) as EnvironmentKind[]).find((k) => this.environments[k] === d.environmentId);
       
      if (!kind || !role || role === 'stranger') throw { code: 'PLATFORM.NOT_FOUND', message: 'environment not found' };
      return { id: d.environmentId, companyId: this.companyId, projectId: this.projectId, kind, name: kind, realm: `env:${d.environmentId}`, createdAt: new Date().toISOString() };
    });
    answer(CatalogSubjects.tagSnapshot, (d, auth) => {
      this.catalogCalls.push(auth);
      const role = this.roleOf(auth);
      const s = this.tags.get(d.tag);
       
      if (!role || role === 'stranger' || d.projectId !== this.projectId || !s) throw { code: 'CATALOG.NOT_FOUND', message: 'tag not found' };
      return s;
    });
  }

  /** A request in the documented wire format, as `role` (or with `token`). */
  async call<T = Record<string, unknown>>(subject: string, data: unknown, token?: string): Promise<T> {
    const { headers } = await import('@nats-io/transport-node');
    const h = headers();
    if (token) h.set('authorization', `Bearer ${token}`);
    const reply = (await this.nc.request(`${this.prefix}.${subject}`, JSON.stringify({ pattern: subject, data, id: randomUUID() }), { timeout: 10000, headers: h })).json<{ response?: T; err?: { code: string; message: string; details?: unknown } }>();
    if (reply.err) throw Object.assign(new Error(`${reply.err.code}: ${reply.err.message}`), reply.err);
    return reply.response as T;
  }

  /** Acknowledges an apply as Fleet service `service` (the test plays a runtime service). */
  async ack(applyId: string, service: string, outcome: 'staged' | 'failed' | 'activated', reason?: string): Promise<{ status: string }> {
    return this.call('deployment.apply.acknowledge', { applyId, service, outcome, ...(reason ? { reason } : {}) }, await this.identity.serviceToken(service));
  }

  async stop(): Promise<void> {
    for (const s of this.subs) s.unsubscribe();
    this.identity.stop();
    await this.nc.close();
  }
}

/** The error code a call ended with, or 'OK'. */
export function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => 'OK',
    (e: { code?: string }) => e.code,
  );
}

/** A data model: `attributes` as [name, type, required?]. */
export function entity(attributes: [string, string, boolean?][], key: string[] = [attributes[0][0]]): object {
  return { attributes: attributes.map(([name, type, required]) => ({ name, type, ...(required ? { required } : {}) })), key };
}
