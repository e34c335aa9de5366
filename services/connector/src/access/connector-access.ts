import { ConnectorErrorCodes } from '@fleet/contracts-connector';
import type { Principal } from '@fleet/contracts-fleet';
import { FleetError } from '@fleet/shared-errors';
import type { RpcClient } from '@fleet/shared-nats';
import { PlatformPermissions } from '@fleet/shared-permissions';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { authorizationHeaderOf, correlationIdOf } from './nats-context';

/**
 * Who may do what with an environment's connectors, as platform decides: `environment.read` to
 * read, `environment.manage` to configure and test. Not visible (another company, or no such
 * environment) → `CONNECTOR.NOT_FOUND`; visible but not allowed → `CONNECTOR.FORBIDDEN`.
 */
@Injectable()
export class ConnectorAccess {
  private readonly permissions: PlatformPermissions;

  constructor(@Inject(KIT.rpc) rpc: RpcClient) {
    this.permissions = new PlatformPermissions(rpc, { notFound: ConnectorErrorCodes.NOT_FOUND, forbidden: ConnectorErrorCodes.FORBIDDEN });
  }

  require(ctx: NatsContext, action: 'environment.read' | 'environment.manage', environmentId: string): Promise<void> {
    return this.permissions.require(
      { authorization: authorizationHeaderOf(ctx), action, resourceType: 'environment', resourceId: environmentId, correlationId: correlationIdOf(ctx) },
      `environment ${environmentId} not found`,
    );
  }

  /** Internal subjects: the caller must be a Fleet service on `allowed` (its service token, realm `fleet`). */
  requireService(p: Principal, allowed: readonly string[]): void {
    if (p.kind !== 'service' || p.realm !== 'fleet' || !allowed.includes(p.sub)) throw new FleetError(ConnectorErrorCodes.UNAUTHORIZED, 'this subject serves Fleet services only');
  }
}
