import { FleetHeaders, type Principal } from '@fleet/contracts-fleet';
import { SchedulerErrorCodes } from '@fleet/contracts-scheduler';
import { authorizationOf, TOKEN_VERIFIER, TokenVerifier } from '@fleet/shared-auth';
import { FleetError } from '@fleet/shared-errors';
import type { RpcClient } from '@fleet/shared-nats';
import { PlatformPermissions } from '@fleet/shared-permissions';
import { KIT } from '@fleet/shared-service-kit';
import { createParamDecorator, Inject, Injectable, type ExecutionContext } from '@nestjs/common';

/** The raw `authorization` header of the current NATS request (verified by JobAccess). */
export const Authorization = createParamDecorator((_data: unknown, ctx: ExecutionContext) => authorizationOf(ctx));

/** Who is calling: a company user (or customer service account), or one of Fleet's own services. */
export interface Caller {
  principal: Principal;
  authorization: string;
  /** `work-portal`, `deployment`, … for a Fleet service token. */
  service?: string;
}

/** The realm claim of a token, read only to choose which realm to verify it for. */
function claimedRealm(authorization: string): string | undefined {
  try {
    const payload = authorization.replace(/^Bearer\s+/i, '').split('.')[1] ?? '';
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { realm?: string }).realm;
  } catch {
    return undefined;
  }
}

/**
 * Authentication and authorization of scheduler requests: tokens verified locally, permissions
 * asked of platform with the caller's own token (`environment.read` to read, `environment.manage`
 * to change); not visible → SCHEDULER.NOT_FOUND, visible but not allowed → SCHEDULER.FORBIDDEN.
 */
@Injectable()
export class JobAccess {
  private readonly permissions: PlatformPermissions;

  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(KIT.rpc) rpc: RpcClient,
  ) {
    this.permissions = new PlatformPermissions(rpc, { notFound: SchedulerErrorCodes.NOT_FOUND, forbidden: SchedulerErrorCodes.FORBIDDEN });
  }

  /** A company-realm user, or (when `services` lists it) a Fleet service. Anything else: 401. */
  async caller(authorization: string | undefined, services: readonly string[] = []): Promise<Caller> {
    if (authorization && services.length && claimedRealm(authorization) === 'fleet') {
      const principal = await this.verifier.verifyAuthorization(authorization, { realm: 'fleet' });
      const service = principal.sub.replace(/^svc:/, '');
      if (!services.includes(service)) throw new FleetError(SchedulerErrorCodes.UNAUTHORIZED, `service ${service} may not call this subject`);
      return { principal, authorization, service };
    }
    const principal = await this.verifier.verifyAuthorization(authorization, { realm: 'company' });
    return { principal, authorization: authorization as string };
  }

  /** Passes when the caller may do `action` on the environment (a Fleet service always may on the subjects it is allowed). */
  async require(c: Caller, environmentId: string, action: 'environment.read' | 'environment.manage', correlationId?: string): Promise<void> {
    if (c.service) return;
    await this.permissions.require({ authorization: c.authorization, action, resourceType: 'environment', resourceId: environmentId, correlationId }, `environment ${environmentId} not found`);
  }
}

/** The correlation id a NATS request carries. */
export function correlationOf(ctx: { getHeaders(): unknown }): string | undefined {
  const h = ctx.getHeaders() as { get(key: string): string | undefined } | undefined;
  return h?.get(FleetHeaders.correlationId) || undefined;
}
