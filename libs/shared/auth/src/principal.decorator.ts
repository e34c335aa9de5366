import { FleetHeaders, type Principal } from '@fleet/contracts-fleet';
import { createParamDecorator, Inject, Injectable, type ArgumentMetadata, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import type { RealmRequirement } from './principal-claims';
import { TokenVerifier } from './token-verifier';

/**
 * Injection token of the process's {@link TokenVerifier}. The service kit provides it globally (as
 * `KIT.tokenVerifier`), built on the kit's RpcClient, so every handler shares one JWKS cache.
 */
export const TOKEN_VERIFIER = Symbol('fleet.tokenVerifier');

/** The `authorization` value of the current request: NATS header (services) or HTTP header (gateway). */
export function authorizationOf(ctx: ExecutionContext): string | undefined {
  if (ctx.getType() === 'rpc') {
    const nats = ctx.switchToRpc().getContext() as { getHeaders?: () => { get(k: string): string } | undefined } | undefined;
    return nats?.getHeaders?.()?.get(FleetHeaders.authorization) || undefined;
  }
  if (ctx.getType() === 'http') {
    const value = ctx.switchToHttp().getRequest<{ headers?: Record<string, string | string[] | undefined> }>()?.headers?.authorization;
    return (Array.isArray(value) ? value[0] : value) || undefined;
  }
  return undefined;
}

const AuthorizationValue = createParamDecorator((_realm: RealmRequirement | undefined, ctx: ExecutionContext) => authorizationOf(ctx));

/** Turns the authorization value into the verified principal; refuses with `AUTH.UNAUTHORIZED`. */
@Injectable()
export class RequiredPrincipalPipe implements PipeTransform<string | undefined, Promise<Principal>> {
  constructor(@Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  transform(authorization: string | undefined, metadata: ArgumentMetadata): Promise<Principal> {
    return this.verifier.verifyAuthorization(authorization, { realm: metadata.data as RealmRequirement | undefined });
  }
}

/** Like {@link RequiredPrincipalPipe}, but no token at all gives `undefined` (a bad token is still refused). */
@Injectable()
export class OptionalPrincipalPipe implements PipeTransform<string | undefined, Promise<Principal | undefined>> {
  constructor(@Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  async transform(authorization: string | undefined, metadata: ArgumentMetadata): Promise<Principal | undefined> {
    if (!authorization) return undefined;
    return this.verifier.verifyAuthorization(authorization, { realm: metadata.data as RealmRequirement | undefined });
  }
}

/**
 * The verified principal of the caller, from the access token in the request's `authorization`
 * header (the gateway forwards it on every NATS request). Missing, invalid, or of another realm
 * than `realm` → `AUTH.UNAUTHORIZED`, which the kit's exception filter answers as the error envelope.
 *
 * ```ts
 * @MessagePattern(PlatformSubjects.projectCreate)
 * create(@Payload() req: CreateProjectRequest, @CurrentPrincipal('company') principal: Principal) { … }
 * ```
 */
export function CurrentPrincipal(realm?: RealmRequirement): ParameterDecorator {
  return AuthorizationValue(realm, RequiredPrincipalPipe);
}

/** The verified principal, or `undefined` when the request carries no token; an invalid token is refused. */
export function OptionalPrincipal(realm?: RealmRequirement): ParameterDecorator {
  return AuthorizationValue(realm, OptionalPrincipalPipe);
}
