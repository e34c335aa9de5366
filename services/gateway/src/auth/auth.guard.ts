import { bearerToken, UNAUTHORIZED_MESSAGE, UnauthorizedError, type RealmRequirement, type TokenVerifier } from '@fleet/shared-auth';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC, REQUIRED_REALM, type CallerRequest } from './auth.decorators';

/** Error codes of the gateway's own checks. */
export const GatewayErrorCodes = {
  /** No valid access token for a route that requires one (401 with `WWW-Authenticate: Bearer`). */
  UNAUTHORIZED: 'GATEWAY.UNAUTHORIZED',
} as const;

/**
 * Every HTTP route requires a valid access token unless it is `@Public()`; `@RequireRealm()` narrows
 * the realm. The token is verified here, locally, with the process's TokenVerifier (cached JWKS), then
 * kept on the request so that Upstream forwards it to the services, which verify it again. The
 * gateway also checks the token's session with accounts (cached 5 s per session), so signing out
 * or a reused refresh token stops the access tokens of that session within 5 s, not at `exp`.
 */
@Injectable()
export class GatewayAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(KIT.tokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true; // NATS handlers of the gateway (health) are not HTTP routes
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets)) return true;
    const realm = this.reflector.getAllAndOverride<RealmRequirement | undefined>(REQUIRED_REALM, targets);
    const req = ctx.switchToHttp().getRequest<CallerRequest>();
    const authorization = req.headers.authorization;
    try {
      const principal = await this.verifier.verifyAuthorization(authorization, { realm, checkSession: true });
      req.caller = { principal, token: bearerToken(authorization)! };
      return true;
    } catch (err) {
      if (err instanceof UnauthorizedError) throw new FleetError(GatewayErrorCodes.UNAUTHORIZED, UNAUTHORIZED_MESSAGE, undefined, { cause: err });
      throw err; // AUTH.UNAVAILABLE: the keys cannot be loaded (503)
    }
  }
}
