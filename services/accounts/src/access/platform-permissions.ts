import { AccountsErrorCodes } from '@fleet/contracts-accounts';
import { FleetHeaders } from '@fleet/contracts-fleet';
import { PlatformSubjects, type Action, type PermissionCheckReply, type ResourceType } from '@fleet/contracts-platform';
import { FleetError } from '@fleet/shared-errors';
import type { RpcClient } from '@fleet/shared-nats';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';

/**
 * accounts asks platform (which owns roles and grants) whether the caller may act: the caller's own
 * token goes in `authorization`, so platform decides for that principal and nobody else.
 */
@Injectable()
export class PlatformPermissions {
  constructor(@Inject(KIT.rpc) private readonly rpc: RpcClient) {}

  /**
   * Passes when allowed; `ACCOUNTS.NOT_FOUND` when the caller may not even see the resource (never
   * telling whether it exists), `ACCOUNTS.FORBIDDEN` when it may see it but not do this.
   */
  async require(authorization: string | undefined, action: Action, resourceType: ResourceType, resourceId: string, notFound: string, correlationId?: string): Promise<void> {
    const reply = await this.rpc.request<PermissionCheckReply>(
      PlatformSubjects.permissionCheck,
      { action, resourceType, resourceId },
      { correlationId, headers: authorization ? { [FleetHeaders.authorization]: authorization } : {} },
    );
    if (reply.allowed) return;
    if (!reply.visible) throw new FleetError(AccountsErrorCodes.NOT_FOUND, notFound);
    throw new FleetError(AccountsErrorCodes.FORBIDDEN, `you may not do ${action} on this ${resourceType}`);
  }
}
