import { PermissionCheckRequest, PlatformSubjects, type PermissionCheckReply } from '@fleet/contracts-platform';
import { validatePayload } from '@fleet/shared-validation';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { decodeJwt } from 'jose';

export type ProjectRole = 'project_owner' | 'collaborator' | 'reader';

/**
 * A stand-in for platform's `platform.permission.check` in catalog's integration tests, pinned to
 * the real contract (the request is validated as PermissionCheckRequest, the reply typed
 * PermissionCheckReply). It decides like platform for projects: another company's project is not
 * visible; in the company, any role on the project may read, owners and collaborators collaborate,
 * owners manage. The real platform is behind the gateway in the e2e tier.
 */
export class FakePlatformPermissions {
  /** projectId → its company. */
  readonly projects = new Map<string, string>();
  /** `${userId}|${projectId}` → role. */
  readonly roles = new Map<string, ProjectRole>();
  /** Every question asked, in order (tests assert on the token and action). */
  readonly asked: { sub?: string; action: string; resourceId: string }[] = [];
  private sub?: Subscription;

  project(projectId: string, companyId: string): void {
    this.projects.set(projectId, companyId);
  }

  grant(userId: string, projectId: string, role: ProjectRole): void {
    this.roles.set(`${userId}|${projectId}`, role);
  }

  decide(caller: { sub?: string; cid?: string }, req: PermissionCheckRequest): PermissionCheckReply {
    const company = this.projects.get(req.resourceId);
    const role = this.roles.get(`${caller.sub}|${req.resourceId}`);
    if (req.resourceType !== 'project' || !company || company !== caller.cid || !role) return { allowed: false, visible: false, reason: 'not visible' };
    const allowed = req.action === 'project.read' || (req.action === 'project.collaborate' && role !== 'reader') || (req.action === 'project.manage' && role === 'project_owner');
    return { allowed, visible: true, reason: allowed ? role : `${role} may not ${req.action}` };
  }

  serve(nc: NatsConnection, prefix: string): void {
    this.sub = nc.subscribe(`${prefix}${PlatformSubjects.permissionCheck}`, {
      queue: 'platform',
      callback: (_e, msg) => {
        const packet = msg.json<{ id: string; data: unknown }>();
        const token = /^Bearer (.+)$/.exec(msg.headers?.get('authorization') ?? '')?.[1];
        const reply = (body: object): void => {
          msg.respond(JSON.stringify({ id: packet.id, isDisposed: true, ...body }));
        };
        if (!token) return reply({ err: { code: 'AUTH.UNAUTHORIZED', message: 'a valid access token is required' } });
        try {
          const req = validatePayload(PermissionCheckRequest, packet.data, 'PLATFORM');
          const caller = decodeJwt(token) as { sub?: string; cid?: string };
          this.asked.push({ sub: caller.sub, action: req.action, resourceId: req.resourceId });
          return reply({ response: this.decide(caller, req) });
        } catch (err) {
          return reply({ err: { code: 'PLATFORM.VALIDATION', message: (err as Error).message } });
        }
      },
    });
  }

  stop(): void {
    this.sub?.unsubscribe();
  }
}
