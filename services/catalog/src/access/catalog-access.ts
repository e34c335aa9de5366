import { CatalogErrorCodes } from '@fleet/contracts-catalog';
import { FleetHeaders, type Principal } from '@fleet/contracts-fleet';
import type { Action } from '@fleet/contracts-platform';
import type { RpcClient } from '@fleet/shared-nats';
import { PlatformPermissions } from '@fleet/shared-permissions';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';

/** Who is asking: the verified principal, its token (forwarded to platform), the correlation id. */
export interface Caller {
  principal: Principal;
  authorization: string | undefined;
  correlationId?: string;
}

/** The caller of a NATS request. */
export function callerOf(principal: Principal, ctx: NatsContext): Caller {
  const h = ctx.getHeaders() as { get(key: string): string | undefined } | undefined;
  return { principal, authorization: h?.get(FleetHeaders.authorization) || undefined, correlationId: h?.get(FleetHeaders.correlationId) || undefined };
}

/**
 * The catalog's authorization: platform decides with the caller's own token (`project.read` to
 * read, `project.collaborate` to change, `project.manage` to force-release). A project the caller
 * may not see is `CATALOG.NOT_FOUND`, whether it exists or not.
 */
@Injectable()
export class CatalogAccess {
  private readonly permissions: PlatformPermissions;

  constructor(@Inject(KIT.rpc) rpc: RpcClient) {
    this.permissions = new PlatformPermissions(rpc, { notFound: CatalogErrorCodes.NOT_FOUND, forbidden: CatalogErrorCodes.FORBIDDEN });
  }

  require(caller: Caller, action: Action, projectId: string): Promise<void> {
    return this.permissions.require({ authorization: caller.authorization, action, resourceType: 'project', resourceId: projectId, correlationId: caller.correlationId }, `project ${projectId} not found`);
  }
}
