import { AddTrustedKeyRequest, DeploymentSubjects, ListTrustedKeysRequest, RemoveTrustedKeyRequest, type SigningKeyReply, type TrustedKeyListReply, type TrustedKeyReply } from '@fleet/contracts-deployment';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRealm, type CallerRequest } from '../auth/auth.decorators';
import { validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';

const E = [400, 401, 403, 404, 503, 504];

/** Package signing: this installation's public key, and the keys a company trusts for imports. */
@ApiTags('deployment')
@RequireRealm('company')
@Controller('api/v1')
export class SigningKeysHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Get('deployment/signing-key')
  @ApiOperation({ summary: "This installation's package-signing public key (Ed25519): give it to another installation that should trust our packages" })
  @ApiContract({ ok: 200, reply: 'SigningKeyReply', errors: [401, 503, 504] })
  signingKey(@Req() req: CallerRequest): Promise<SigningKeyReply> {
    return this.upstream.callAs(req, DeploymentSubjects.signingKeyGet, {});
  }

  @Get('companies/:companyId/trusted-keys')
  @ApiParam({ name: 'companyId', format: 'uuid' })
  @ApiOperation({ summary: 'Public keys whose packages this company imports (company administrators)' })
  @ApiContract({ ok: 200, reply: 'TrustedKeyListReply', errors: E })
  list(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<TrustedKeyListReply> {
    return this.upstream.callAs(req, DeploymentSubjects.trustedKeyList, validateRequest(ListTrustedKeysRequest, params, {}));
  }

  @Post('companies/:companyId/trusted-keys')
  @HttpCode(201)
  @ApiParam({ name: 'companyId', format: 'uuid' })
  @ApiOperation({ summary: "Trust another installation's signing key for this company's imports (company administrators; audited)" })
  @ApiContract({ body: 'AddTrustedKeyRequest', ok: 201, reply: 'TrustedKeyReply', errors: E })
  add(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<TrustedKeyReply> {
    return this.upstream.callAs(req, DeploymentSubjects.trustedKeyAdd, validateRequest(AddTrustedKeyRequest, params, body));
  }

  @Delete('companies/:companyId/trusted-keys/:keyId')
  @ApiParam({ name: 'companyId', format: 'uuid' })
  @ApiParam({ name: 'keyId', description: 'key id (22 base64url characters)' })
  @ApiContract({ ok: 200, reply: 'TrustedKeyReply', errors: E })
  remove(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<TrustedKeyReply> {
    return this.upstream.callAs(req, DeploymentSubjects.trustedKeyRemove, validateRequest(RemoveTrustedKeyRequest, params, {}));
  }
}
