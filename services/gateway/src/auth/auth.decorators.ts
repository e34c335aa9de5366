import type { Principal } from '@fleet/contracts-fleet';
import type { RealmRequirement } from '@fleet/shared-auth';
import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

/** Route metadata read by {@link GatewayAuthGuard}. */
export const IS_PUBLIC = 'fleet.gateway.public';
export const REQUIRED_REALM = 'fleet.gateway.realm';

/** Name of the bearer security scheme in the OpenAPI document. */
export const BEARER_SCHEME = 'bearer';

/** The caller of a request, once the guard verified its token. */
export interface Caller {
  principal: Principal;
  /** The verified access token, forwarded to services in the NATS `authorization` header. */
  token: string;
}

/** A Fastify request as the gateway's guard leaves it. */
export type CallerRequest = FastifyRequest & { caller?: Caller };

/** The route needs no token (health, docs, JWKS, sign-in). Every other route requires one. */
export function Public(): ClassDecorator & MethodDecorator {
  return SetMetadata(IS_PUBLIC, true);
}

/**
 * The route requires a token of this realm: `company` (the admin plane) or `env` (any
 * environment's Work Portal). A token of another realm is refused like a missing one (401).
 */
export function RequireRealm(realm: RealmRequirement): ClassDecorator & MethodDecorator {
  return applyDecorators(SetMetadata(REQUIRED_REALM, realm), ApiBearerAuth(BEARER_SCHEME)) as ClassDecorator & MethodDecorator;
}

/** The verified principal of the request (only on routes that are not `@Public()`). */
export const CurrentCaller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller | undefined => ctx.switchToHttp().getRequest<CallerRequest>().caller);
