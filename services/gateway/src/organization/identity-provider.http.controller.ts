import { AccountsSubjects, OidcProviderAddress, SetOidcProviderRequest, type DeleteOidcProviderReply, type OidcProviderReply } from '@fleet/contracts-accounts';
import { Body, Controller, Delete, Get, Param, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRealm, type CallerRequest } from '../auth/auth.decorators';
import { validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';

/** The company realm's external OpenID Connect provider (accounts; company administrators: `company.manage`). */
@ApiTags('identity provider')
@RequireRealm('company')
@Controller('api/v1/companies/:companyId/identity-provider')
export class IdentityProviderHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Get()
  @ApiParam({ name: 'companyId', format: 'uuid' })
  @ApiOperation({ summary: "The company's identity provider (without its client secret); 404 when there is none" })
  @ApiContract({ ok: 200, reply: 'OidcProviderReply', errors: [400, 401, 403, 404, 503, 504] })
  get(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<OidcProviderReply> {
    return this.upstream.callAs(req, AccountsSubjects.oidcProviderGet, validateRequest(OidcProviderAddress, params, {}));
  }

  @Put()
  @ApiParam({ name: 'companyId', format: 'uuid' })
  @ApiOperation({ summary: "Set (replace) the company's identity provider: issuer, client, scopes, whether unknown e-mails are provisioned" })
  @ApiContract({ body: 'SetOidcProviderRequest', ok: 200, reply: 'OidcProviderReply', errors: [400, 401, 403, 404, 503, 504] })
  set(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<OidcProviderReply> {
    return this.upstream.callAs(req, AccountsSubjects.oidcProviderSet, validateRequest(SetOidcProviderRequest, params, body));
  }

  @Delete()
  @ApiParam({ name: 'companyId', format: 'uuid' })
  @ApiOperation({ summary: "Remove the company's identity provider (its users sign in with passwords again)" })
  @ApiContract({ ok: 200, reply: 'DeleteOidcProviderReply', errors: [400, 401, 403, 404, 503, 504] })
  delete(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<DeleteOidcProviderReply> {
    return this.upstream.callAs(req, AccountsSubjects.oidcProviderDelete, validateRequest(OidcProviderAddress, params, {}));
  }
}
