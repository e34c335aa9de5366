import { PlatformSubjects } from '@fleet/contracts-platform';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { decodeJwt } from 'jose';

/** The caller's claims as platform would read them (the stand-in trusts accounts' own signature: it is a test double). */
export type CallerClaims = { sub?: string; cid?: string; kind?: string; realm?: string };
export type PermissionRequest = { action: string; resourceType: string; resourceId: string };
export type Decision = { allowed: boolean; visible: boolean };

/**
 * A stand-in for platform's `platform.permission.check` in accounts' tests: `decide` answers from
 * the caller's token claims. No token is refused as platform does (AUTH.UNAUTHORIZED). The real
 * platform behind it is in the e2e tier (authorization matrix).
 */
export function serveFakePermissions(nc: NatsConnection, prefix: string, decide: (caller: CallerClaims, req: PermissionRequest) => Decision): Subscription {
  return nc.subscribe(`${prefix}.${PlatformSubjects.permissionCheck}`, {
    queue: 'platform',
    callback: (_e, msg) => {
      const packet = msg.json<{ id: string; data: PermissionRequest }>();
      const token = /^Bearer (.+)$/.exec(msg.headers?.get('authorization') ?? '')?.[1];
      if (!token) {
        msg.respond(JSON.stringify({ id: packet.id, isDisposed: true, err: { code: 'AUTH.UNAUTHORIZED', message: 'a valid access token is required' } }));
        return;
      }
      const d = decide(decodeJwt(token) as CallerClaims, packet.data);
      msg.respond(JSON.stringify({ id: packet.id, isDisposed: true, response: { ...d, reason: 'test' } }));
    },
  });
}
