import { AccountsSubjects, OidcCallbackRequest, OidcStartRequest, type OidcStartReply, type TokenPairReply } from '@fleet/contracts-accounts';
import { Controller, Get, Query, Redirect, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';
import { Public, type CallerRequest } from './auth.decorators';

/**
 * Sign-in through a realm's external OpenID Connect provider (accounts: the company realm, or an
 * environment realm for its Work Portal): `start` sends the
 * browser to the provider, which sends it back to the caller's `redirect_uri` with `code` and `state`,
 * which `callback` turns into the token pair. Every refusal is the one generic 401.
 */
@ApiTags('auth')
@Controller('api/v1/auth/oidc')
export class OidcHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Public()
  @Get('start')
  @Redirect()
  @ApiOperation({ summary: "Start a sign-in at the realm's identity provider: 302 to its authorization endpoint (state, nonce, PKCE S256)" })
  @ApiQuery({ name: 'realm', schema: { type: 'string', pattern: '^(company|env:[0-9a-f-]{36})$' }, description: '`company` (with `companyId`) or an environment realm `env:<environmentId>` (its Work Portal)' })
  @ApiQuery({ name: 'companyId', required: false, schema: { type: 'string', format: 'uuid' }, description: 'required for the company realm' })
  @ApiQuery({ name: 'redirect_uri', schema: { type: 'string', format: 'uri' }, description: 'the callback URL registered at the provider' })
  @ApiContract({ ok: 302, errors: [400, 401, 503, 504] })
  async start(@Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<{ url: string; statusCode: number }> {
    const request = validateRequest(OidcStartRequest, {}, { realm: query.realm, companyId: query.companyId, redirectUri: query.redirect_uri });
    const reply = await this.upstream.callAs<OidcStartReply>(req, AccountsSubjects.authOidcStart, request);
    return { url: reply.location, statusCode: 302 };
  }

  @Public()
  @Get('callback')
  @ApiOperation({ summary: "Finish it with the provider's `code` and `state` (each state works once): the token pair" })
  @ApiQuery({ name: 'code', schema: { type: 'string' } })
  @ApiQuery({ name: 'state', schema: { type: 'string' } })
  @ApiContract({ ok: 200, reply: 'TokenPairReply', errors: [400, 401, 503, 504] })
  callback(@Query() query: Record<string, string>, @Req() req: CallerRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenPairReply> {
    void reply.header('cache-control', 'no-store');
    const request = validateRequest(OidcCallbackRequest, {}, { code: query.code, state: query.state, ...(req.ip ? { clientIp: req.ip } : {}) });
    return this.upstream.callAs(req, AccountsSubjects.authOidcCallback, request);
  }
}
