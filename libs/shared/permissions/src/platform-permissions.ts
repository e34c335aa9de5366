import { FleetHeaders } from '@fleet/contracts-fleet';
import { PlatformSubjects, type Action, type PermissionCheckReply, type PermissionCheckRequest, type ResourceType } from '@fleet/contracts-platform';
import { FleetError } from '@fleet/shared-errors';
import type { RpcClient } from '@fleet/shared-nats';

/** The caller's error codes: each service answers in its own namespace (`CATALOG.NOT_FOUND`, ...). */
export interface PermissionErrorCodes {
  notFound: string;
  forbidden: string;
}

/** One question to platform: may the caller (its own token) do `action` on this resource? */
export interface PermissionQuestion {
  /** The caller's `authorization` header as it reached this service (a user's or a service's token). */
  authorization: string | undefined;
  action: Action;
  resourceType: ResourceType;
  resourceId: string;
  correlationId?: string;
}

/**
 * A service asks platform (which owns roles and grants) whether the caller may act, over
 * `platform.permission.check`. The caller's own token goes in `authorization`, so platform decides
 * for that principal and nobody else: a service never widens what its caller may do.
 */
export class PlatformPermissions {
  constructor(
    private readonly rpc: RpcClient,
    private readonly codes: PermissionErrorCodes,
  ) {}

  /** The raw answer: allowed, visible (may it see the resource at all?), reason. */
  async check(q: PermissionQuestion): Promise<PermissionCheckReply> {
    const request: PermissionCheckRequest = { action: q.action, resourceType: q.resourceType, resourceId: q.resourceId };
    return this.rpc.request<PermissionCheckReply>(PlatformSubjects.permissionCheck, request, {
      correlationId: q.correlationId,
      headers: q.authorization ? { [FleetHeaders.authorization]: q.authorization } : {},
    });
  }

  /**
   * Passes when allowed. Throws `<codes.notFound>` with `notFoundMessage` when the caller may not
   * even see the resource (never telling whether it exists), `<codes.forbidden>` when it may see it
   * but not do this.
   */
  async require(q: PermissionQuestion, notFoundMessage: string): Promise<void> {
    const reply = await this.check(q);
    if (reply.allowed) return;
    if (!reply.visible) throw new FleetError(this.codes.notFound, notFoundMessage);
    throw new FleetError(this.codes.forbidden, `you may not do ${q.action} on this ${q.resourceType}`);
  }
}
