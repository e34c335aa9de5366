import {
  AccountsErrorCodes,
  AccountsSubjects,
  INVALID_CREDENTIALS_MESSAGE,
  LoginRequest,
  LogoutRequest,
  RefreshRequest,
  type JwksReply,
  type TokenPairReply,
} from '@fleet/contracts-accounts';
import type { Principal } from '@fleet/contracts-fleet';
import { reasonOf } from '@fleet/contracts-fleet';
import { FleetError } from '@fleet/shared-errors';
import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';
import { BEARER_SCHEME, CurrentCaller, Public, type Caller, type CallerRequest } from './auth.decorators';
import { LoginBody } from './auth.dto';

/** How long clients and proxies may cache the JWKS (the previous key stays published long after rotation). */
const JWKS_MAX_AGE_S = 300;

/** Sign-in, token refresh, sign-out (accounts), the caller's principal, and the public signing keys. */
@ApiTags('auth')
@Controller()
export class AuthHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Public()
  @Post('api/v1/auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail and password; realm `company` (default) or `env:<environmentId>`' })
  @ApiContract({ body: 'LoginBody', ok: 200, reply: 'LoginReply', errors: [400, 401, 503, 504] })
  login(@Body() body: LoginBody, @Req() req: CallerRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenPairReply> {
    void reply.header('cache-control', 'no-store');
    const request: LoginRequest = { ...body, ...(req.ip ? { clientIp: req.ip } : {}) };
    return this.credentials(this.upstream.callAs<TokenPairReply>(req, AccountsSubjects.authLogin, request, { requestType: LoginRequest }));
  }

  @Public()
  @Post('api/v1/auth/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair (the old refresh token is used up; reusing it revokes the session)' })
  @ApiContract({ body: 'RefreshRequest', ok: 200, reply: 'TokenPairReply', errors: [400, 401, 503, 504] })
  refresh(@Body() body: RefreshRequest, @Req() req: CallerRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenPairReply> {
    void reply.header('cache-control', 'no-store');
    return this.credentials(this.upstream.callAs<TokenPairReply>(req, AccountsSubjects.authRefresh, { ...body }));
  }

  @Public()
  @Post('api/v1/auth/logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: revoke the session of a refresh token (204 also when it was unknown or revoked already)' })
  @ApiContract({ body: 'LogoutRequest', ok: 204, errors: [400, 503, 504] })
  async logout(@Body() body: LogoutRequest, @Req() req: CallerRequest): Promise<void> {
    await this.upstream.callAs(req, AccountsSubjects.authLogout, { ...body });
  }

  @Get('api/v1/me')
  @ApiBearerAuth(BEARER_SCHEME)
  @ApiOperation({ summary: 'The principal of the access token (any realm)' })
  @ApiContract({ ok: 200, reply: 'Principal', errors: [401] })
  me(@CurrentCaller() caller: Caller): Principal {
    return caller.principal;
  }

  @Public()
  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'The public keys that sign access tokens (JWKS, ES256)' })
  @ApiContract({ ok: 200, reply: 'JwksReply', errors: [503, 504] })
  async jwks(@Req() req: CallerRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<JwksReply> {
    const jwks = await this.upstream.callAs<JwksReply>(req, AccountsSubjects.jwksGet, {});
    void reply.header('cache-control', `public, max-age=${JWKS_MAX_AGE_S}`);
    return jwks;
  }

  /** Any refused credential leaves as the one generic 401, whatever accounts put in the details. */
  private async credentials(call: Promise<TokenPairReply>): Promise<TokenPairReply> {
    try {
      return await call;
    } catch (err) {
      if (err instanceof FleetError && reasonOf(err.code) === 'UNAUTHORIZED') throw new FleetError(AccountsErrorCodes.UNAUTHORIZED, INVALID_CREDENTIALS_MESSAGE);
      throw err;
    }
  }
}
