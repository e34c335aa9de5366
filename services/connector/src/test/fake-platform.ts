import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { decodeJwt } from 'jose';

/**
 * Stands in for platform's `platform.permission.check` in connector's integration tests: grants are
 * set per user and environment (`read` or `manage`); no grant → not visible (NOT_FOUND). platform's
 * own tests pin the real decision; the gateway e2e runs against the real platform.
 */
export class FakePlatform {
  readonly grants = new Map<string, Map<string, 'read' | 'manage'>>();
  private sub?: Subscription;

  grant(userId: string, environmentId: string, level: 'read' | 'manage'): void {
    if (!this.grants.has(userId)) this.grants.set(userId, new Map());
    this.grants.get(userId)!.set(environmentId, level);
  }

  serve(nc: NatsConnection, prefix: string): void {
    this.sub = nc.subscribe(`${prefix}platform.permission.check`, {
      queue: 'platform',
      callback: (_e, msg) => {
        const packet = msg.json<{ id: string; data: { action: string; resourceId: string } }>();
        const token = (msg.headers?.get('authorization') ?? '').replace(/^Bearer /, '');
        const sub = token ? String(decodeJwt(token).sub) : '';
        const level = this.grants.get(sub)?.get(packet.data.resourceId);
        const allowed = packet.data.action === 'environment.read' ? level !== undefined : level === 'manage';
        msg.respond(JSON.stringify({ id: packet.id, isDisposed: true, response: { allowed, visible: level !== undefined, reason: level ?? 'no grant' } }));
      },
    });
  }

  stop(): void {
    this.sub?.unsubscribe();
  }
}
