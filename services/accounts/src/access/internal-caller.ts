import { AccountsErrorCodes, FLEET_REALM, INVALID_CREDENTIALS_MESSAGE } from '@fleet/contracts-accounts';
import type { Principal } from '@fleet/contracts-fleet';
import { authorizationOf, TokenVerifier } from '@fleet/shared-auth';
import { FleetError } from '@fleet/shared-errors';
import { createParamDecorator, Inject, Injectable, type ArgumentMetadata, type ExecutionContext, type PipeTransform } from '@nestjs/common';

/** Any Fleet service (`svc:*`) may call the subject. */
export const ANY_SERVICE = '*';

/**
 * Injection token of accounts' own verifier of internal service tokens: the JWKS read from its own
 * key ring (no NATS round trip), refetched at most once a second on an unknown `kid`, so a token
 * signed with a key this replica has just rotated in verifies at once.
 */
export const INTERNAL_TOKEN_VERIFIER = Symbol('accounts.internalTokenVerifier');

/** Which Fleet services may call each internal subject of accounts (the `sub` of their service token). */
export const INTERNAL_CALLERS = {
  userCreate: ['svc:platform'],
  userDeactivate: ['svc:platform'],
  userGet: ['svc:platform'],
  sessionCheck: [ANY_SERVICE],
} as const satisfies Record<string, readonly string[]>;

/** The one refusal of an internal subject: no token, a user's or a customer's token, a forged one, or a service not on the list. */
export function internalRefusal(): FleetError {
  return new FleetError(AccountsErrorCodes.UNAUTHORIZED, INVALID_CREDENTIALS_MESSAGE);
}

/** True when `principal` is an internal service token of a service on `allowed`. */
export function isAllowedService(principal: Principal, allowed: readonly string[]): boolean {
  if (principal.kind !== 'service' || principal.realm !== FLEET_REALM || !principal.sub.startsWith('svc:')) return false;
  return allowed.includes(ANY_SERVICE) || allowed.includes(principal.sub);
}

/** Verifies the request's token as an internal service principal on the handler's allow-list; else `ACCOUNTS.UNAUTHORIZED`. */
@Injectable()
export class InternalCallerPipe implements PipeTransform<string | undefined, Promise<Principal>> {
  constructor(@Inject(INTERNAL_TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  async transform(authorization: string | undefined, metadata: ArgumentMetadata): Promise<Principal> {
    const allowed = metadata.data as unknown as readonly string[];
    let principal: Principal;
    try {
      principal = await this.verifier.verifyAuthorization(authorization, { realm: 'fleet' });
    } catch (err) {
      if (err instanceof FleetError && err.code.endsWith('.UNAVAILABLE')) throw err;
      throw internalRefusal();
    }
    if (!isAllowedService(principal, allowed)) throw internalRefusal();
    return principal;
  }
}

const InternalAuthorization = createParamDecorator((_allowed: readonly string[], ctx: ExecutionContext) => authorizationOf(ctx));

/**
 * The calling Fleet service, for subjects that serve other services only: its internal service
 * token (realm `fleet`, `sub` on `allowed`) is required, anything else answers `ACCOUNTS.UNAUTHORIZED`.
 */
export function InternalCaller(allowed: readonly string[]): ParameterDecorator {
  return InternalAuthorization(allowed, InternalCallerPipe);
}

/** The raw `authorization` value of the request (to forward the caller's token to platform). */
export const Authorization = createParamDecorator((_data: unknown, ctx: ExecutionContext) => authorizationOf(ctx));
