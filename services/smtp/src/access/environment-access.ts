import { FleetHeaders, type Principal } from '@fleet/contracts-fleet';
import { SmtpErrorCodes } from '@fleet/contracts-smtp';
import type { RpcClient } from '@fleet/shared-nats';
import { PlatformPermissions } from '@fleet/shared-permissions';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';

/**
 * Asks platform (with the caller's own token) whether the caller may read or manage an environment:
 * not visible → SMTP.NOT_FOUND (other tenants never learn it exists), visible but not allowed →
 * SMTP.FORBIDDEN. Allowed means the environment belongs to the caller's company, so
 * `principal.companyId` is the environment's company.
 */
@Injectable()
export class EnvironmentAccess {
  private readonly permissions: PlatformPermissions;

  constructor(@Inject(KIT.rpc) rpc: RpcClient) {
    this.permissions = new PlatformPermissions(rpc, { notFound: SmtpErrorCodes.NOT_FOUND, forbidden: SmtpErrorCodes.FORBIDDEN });
  }

  async require(ctx: NatsContext, _p: Principal, action: 'environment.read' | 'environment.manage', environmentId: string): Promise<void> {
    const h = ctx.getHeaders?.() as { get(k: string): string } | undefined;
    await this.permissions.require(
      { authorization: h?.get(FleetHeaders.authorization) || undefined, action, resourceType: 'environment', resourceId: environmentId, correlationId: h?.get(FleetHeaders.correlationId) || undefined },
      `environment ${environmentId} does not exist`,
    );
  }
}
