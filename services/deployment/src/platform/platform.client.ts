import { CatalogSubjects, TagSnapshotReply } from '@fleet/contracts-catalog';
import { DeploymentErrorCodes } from '@fleet/contracts-deployment';
import { FleetHeaders } from '@fleet/contracts-fleet';
import { PlatformSubjects, type Action, type EnvironmentReply, type ResourceType } from '@fleet/contracts-platform';
import { FleetError } from '@fleet/shared-errors';
import type { RpcClient } from '@fleet/shared-nats';
import { PlatformPermissions } from '@fleet/shared-permissions';
import { KIT } from '@fleet/shared-service-kit';
import { validatePayload } from '@fleet/shared-validation';
import { Inject, Injectable } from '@nestjs/common';
import type { CallerContext } from '../nats-context';

/** Another service's error as deployment's own: not found stays not found, an outage is UNAVAILABLE. */
function translate(err: unknown, notFound: string): never {
  if (err instanceof FleetError) {
    const reason = err.code.split('.')[1];
    if (reason === 'NOT_FOUND') throw new FleetError(DeploymentErrorCodes.NOT_FOUND, notFound);
    if (reason === 'FORBIDDEN') throw new FleetError(DeploymentErrorCodes.FORBIDDEN, err.message);
    if (reason === 'UNAUTHORIZED') throw new FleetError(DeploymentErrorCodes.UNAUTHORIZED, err.message);
    if (reason === 'UNAVAILABLE' || reason === 'TIMEOUT') throw new FleetError(DeploymentErrorCodes.UNAVAILABLE, err.message);
  }
  throw err;
}

/** deployment's questions to platform and catalog, always with the caller's own token. */
@Injectable()
export class PlatformClient {
  private readonly permissions: PlatformPermissions;

  constructor(@Inject(KIT.rpc) private readonly rpc: RpcClient) {
    this.permissions = new PlatformPermissions(rpc, { notFound: DeploymentErrorCodes.NOT_FOUND, forbidden: DeploymentErrorCodes.FORBIDDEN });
  }

  /** Passes when allowed; NOT_FOUND when the caller may not see the resource, FORBIDDEN when it may see but not act. */
  require(c: CallerContext, action: Action, resourceType: ResourceType, resourceId: string): Promise<void> {
    return this.permissions.require({ authorization: c.authorization, action, resourceType, resourceId, correlationId: c.correlationId }, `${resourceType} ${resourceId} not found`).catch((e: unknown) => translate(e, `${resourceType} ${resourceId} not found`));
  }

  /** Is the caller allowed (no throw)? */
  async allowed(c: CallerContext, action: Action, resourceType: ResourceType, resourceId: string): Promise<boolean> {
    const r = await this.permissions.check({ authorization: c.authorization, action, resourceType, resourceId, correlationId: c.correlationId }).catch((e: unknown) => translate(e, `${resourceType} ${resourceId} not found`));
    return r.allowed;
  }

  /** The environment as the caller may see it (kind, project, company); NOT_FOUND otherwise. */
  environment(c: CallerContext, environmentId: string): Promise<EnvironmentReply> {
    return this.rpc
      .request<EnvironmentReply>(PlatformSubjects.environmentGet, { environmentId }, { correlationId: c.correlationId, headers: this.headers(c) })
      .catch((e: unknown) => translate(e, `environment ${environmentId} not found`));
  }

  /** A tag's snapshot from the catalog, on the caller's behalf. */
  async tagSnapshot(c: CallerContext, projectId: string, tag: string): Promise<TagSnapshotReply> {
    const reply = await this.rpc
      .request<unknown>(CatalogSubjects.tagSnapshot, { projectId, tag }, { correlationId: c.correlationId, headers: this.headers(c) })
      .catch((e: unknown) => translate(e, `tag ${tag} not found in project ${projectId}`));
    try {
      return validatePayload(TagSnapshotReply, reply, 'DEPLOYMENT');
    } catch (err) {
      throw new FleetError(DeploymentErrorCodes.UNAVAILABLE, `the catalog answered a snapshot that breaks its contract: ${(err as Error).message}`);
    }
  }

  private headers(c: CallerContext): Record<string, string> {
    return c.authorization ? { [FleetHeaders.authorization]: c.authorization } : {};
  }
}
