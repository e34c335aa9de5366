import { AccountsSubjects, OidcProviderAddress, SetOidcProviderRequest, type DeleteOidcProviderReply, type OidcProviderReply } from '@fleet/contracts-accounts';
import { Body, Controller, Delete, Get, Param, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { RequireRealm, type CallerRequest } from '../auth/auth.decorators';
import { validatePathParams, validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';

class EnvironmentPath {
  @IsUUID()
  environmentId!: string;
}

/** The environment's realm (`env:<environmentId>`), from a path whose environment id is checked first (400 naming it). */
function realmOf(params: Record<string, string>): { realm: string } {
  return { realm: `env:${validatePathParams(EnvironmentPath, params).environmentId}` };
}

/**
 * An environment realm's external OpenID Connect provider (accounts): the Work Portal's sign-in
 * through the customer's own identity provider. Managed by whoever manages the environment's Work
 * Portal users (`environment.users.manage`: company administrators, the project's owners).
 */
@ApiTags('identity provider')
@RequireRealm('company')
@ApiParam({ name: 'environmentId', format: 'uuid' })
@Controller('api/v1/environments/:environmentId/identity-provider')
export class EnvironmentIdentityProviderHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Get()
  @ApiOperation({ summary: "The environment realm's identity provider (without its client secret); 404 when there is none" })
  @ApiContract({ ok: 200, reply: 'OidcProviderReply', errors: [400, 401, 403, 404, 503, 504] })
  get(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<OidcProviderReply> {
    return this.upstream.callAs(req, AccountsSubjects.oidcProviderGet, validateRequest(OidcProviderAddress, realmOf(params), {}));
  }

  @Put()
  @ApiOperation({ summary: "Set (replace) the environment realm's identity provider: issuer, client, scopes, whether unknown e-mails become Work Portal users" })
  @ApiContract({ body: 'SetOidcProviderRequest', ok: 200, reply: 'OidcProviderReply', errors: [400, 401, 403, 404, 503, 504] })
  set(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<OidcProviderReply> {
    const realm = realmOf(params);
    const fields = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as object), companyId: undefined } : body;
    return this.upstream.callAs(req, AccountsSubjects.oidcProviderSet, validateRequest(SetOidcProviderRequest, realm, fields));
  }

  @Delete()
  @ApiOperation({ summary: "Remove the environment realm's identity provider (its end users sign in with passwords again)" })
  @ApiContract({ ok: 200, reply: 'DeleteOidcProviderReply', errors: [400, 401, 403, 404, 503, 504] })
  delete(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<DeleteOidcProviderReply> {
    return this.upstream.callAs(req, AccountsSubjects.oidcProviderDelete, validateRequest(OidcProviderAddress, realmOf(params), {}));
  }
}
