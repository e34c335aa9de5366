import type { Principal } from '@fleet/contracts-fleet';
import { UnauthorizedError, type TokenVerifier } from '@fleet/shared-auth';
import { FleetError } from '@fleet/shared-errors';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Public, RequireRealm, type CallerRequest } from './auth.decorators';
import { GatewayAuthGuard } from './auth.guard';

const PRINCIPAL: Principal = { sub: 'u1', realm: 'company', companyId: 'c1', kind: 'user' };

class Routes {
  @Public()
  open(): void {}

  closed(): void {}

  @RequireRealm('company')
  admin(): void {}
}

@RequireRealm('env')
class PortalRoutes {
  inbox(): void {}

  @Public()
  login(): void {}
}

function httpContext(cls: new () => object, method: string, req: Partial<CallerRequest>): ExecutionContext {
  return {
    getType: () => 'http',
    getClass: () => cls,
    getHandler: () => (cls.prototype as Record<string, unknown>)[method],
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
}

describe('GatewayAuthGuard', () => {
  const calls: { authorization?: string; realm?: string; checkSession?: boolean }[] = [];
  let outcome: () => Promise<Principal>;
  const verifier = {
    verifyAuthorization: async (authorization?: string, o?: { realm?: string; checkSession?: boolean }) => {
      calls.push({ authorization, realm: o?.realm, checkSession: o?.checkSession });
      return outcome();
    },
  } as unknown as TokenVerifier;
  const guard = new GatewayAuthGuard(new Reflector(), verifier);

  beforeEach(() => {
    calls.length = 0;
    outcome = async () => PRINCIPAL;
  });

  describe('canActivate()', () => {
    describe('when the route is @Public()', () => {
      it.each([
        ['Routes', 'open', Routes],
        ['PortalRoutes', 'login', PortalRoutes],
      ])('should let %s.%s through without looking at any token', async (_name, method, cls) => {
        await expect(guard.canActivate(httpContext(cls, method, { headers: {} }))).resolves.toBe(true);
        expect(calls).toEqual([]);
      });
    });

    describe('when the route is not public', () => {
      it('should verify the token, keep the caller on the request, and ask for no particular realm by default', async () => {
        const req: Partial<CallerRequest> = { headers: { authorization: 'Bearer abc.def.ghi' } };

        await expect(guard.canActivate(httpContext(Routes, 'closed', req))).resolves.toBe(true);
        expect(calls).toEqual([{ authorization: 'Bearer abc.def.ghi', realm: undefined, checkSession: true }]);
        expect(req.caller).toEqual({ principal: PRINCIPAL, token: 'abc.def.ghi' });
      });

      it.each([
        ['Routes', 'admin', 'company', Routes],
        ['PortalRoutes', 'inbox', 'env', PortalRoutes],
      ])('should require the realm declared by @RequireRealm() on %s.%s (%s)', async (_name, method, realm, cls) => {
        await guard.canActivate(httpContext(cls, method, { headers: { authorization: 'Bearer t' } }));

        expect(calls[0].realm).toBe(realm);
      });

      it('should turn a refused token into GATEWAY.UNAUTHORIZED with the generic message and leave no caller', async () => {
        outcome = async () => {
          throw new UnauthorizedError('algorithm none is not allowed');
        };
        const req: Partial<CallerRequest> = { headers: { authorization: 'Bearer x' } };

        const err = await guard.canActivate(httpContext(Routes, 'closed', req)).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'GATEWAY.UNAUTHORIZED', details: undefined });
        expect((err as Error).message).not.toContain('none');
        expect(req.caller).toBeUndefined();
      });

      it('should pass AUTH.UNAVAILABLE on (no keys: 503, not the caller’s fault)', async () => {
        outcome = async () => {
          throw new FleetError('AUTH.UNAVAILABLE', 'keys cannot be loaded');
        };

        await expect(guard.canActivate(httpContext(Routes, 'closed', { headers: {} }))).rejects.toMatchObject({ code: 'AUTH.UNAVAILABLE' });
      });
    });

    describe('when the handler is not an HTTP route', () => {
      it('should let NATS handlers through (they verify tokens themselves)', async () => {
        const rpc = { getType: () => 'rpc' } as unknown as ExecutionContext;

        await expect(guard.canActivate(rpc)).resolves.toBe(true);
        expect(calls).toEqual([]);
      });
    });
  });
});
