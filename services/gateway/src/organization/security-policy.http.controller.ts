import { AccountsSubjects, COMPANY_REALM, GetSecurityPolicyRequest, UpdateSecurityPolicyRequest, type SecurityPolicyReply } from '@fleet/contracts-accounts';
import { GetEnvironmentRequest } from '@fleet/contracts-platform';
import { Body, Controller, Get, Param, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRealm, type CallerRequest } from '../auth/auth.decorators';
import { validatePathParams, validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';

/**
 * The security policy (passwords, lockout, sessions, MFA) of a company's admin realm and of each
 * environment's Work Portal realm (accounts; platform decides who may: `company.manage`, `environment.manage`).
 */
@ApiTags('security policy')
@RequireRealm('company')
@Controller('api/v1')
export class SecurityPolicyHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Get('companies/:companyId/security-policy')
  @ApiParam({ name: 'companyId', format: 'uuid' })
  @ApiOperation({ summary: "The security policy of the company's admin realm (company administrators)" })
  @ApiContract({ ok: 200, reply: 'SecurityPolicyReply', errors: [400, 401, 403, 404, 503, 504] })
  getCompany(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<SecurityPolicyReply> {
    return this.upstream.callAs(req, AccountsSubjects.policyGet, validateRequest(GetSecurityPolicyRequest, { ...params, realm: COMPANY_REALM }, {}));
  }

  @Put('companies/:companyId/security-policy')
  @ApiParam({ name: 'companyId', format: 'uuid' })
  @ApiOperation({ summary: "Change (part of) the security policy of the company's admin realm; omitted fields keep their value" })
  @ApiContract({ body: 'UpdateSecurityPolicyRequest', ok: 200, reply: 'SecurityPolicyReply', errors: [400, 401, 403, 404, 503, 504] })
  updateCompany(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<SecurityPolicyReply> {
    return this.upstream.callAs(req, AccountsSubjects.policyUpdate, validateRequest(UpdateSecurityPolicyRequest, { ...params, realm: COMPANY_REALM }, body));
  }

  @Get('environments/:environmentId/security-policy')
  @ApiParam({ name: 'environmentId', format: 'uuid' })
  @ApiOperation({ summary: "The security policy of an environment's Work Portal realm (who may manage the environment)" })
  @ApiContract({ ok: 200, reply: 'SecurityPolicyReply', errors: [400, 401, 403, 404, 503, 504] })
  getEnvironment(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<SecurityPolicyReply> {
    return this.upstream.callAs(req, AccountsSubjects.policyGet, validateRequest(GetSecurityPolicyRequest, envRealm(params), {}));
  }

  @Put('environments/:environmentId/security-policy')
  @ApiParam({ name: 'environmentId', format: 'uuid' })
  @ApiOperation({ summary: "Change (part of) the security policy of an environment's Work Portal realm" })
  @ApiContract({ body: 'UpdateSecurityPolicyRequest', ok: 200, reply: 'SecurityPolicyReply', errors: [400, 401, 403, 404, 503, 504] })
  updateEnvironment(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<SecurityPolicyReply> {
    return this.upstream.callAs(req, AccountsSubjects.policyUpdate, validateRequest(UpdateSecurityPolicyRequest, envRealm(params), body));
  }
}

/** The realm of the environment in the path (400 naming `environmentId` when it is not a UUID). */
function envRealm(params: Record<string, string>): Record<string, string> {
  const { environmentId } = validatePathParams(GetEnvironmentRequest, params);
  return { realm: `env:${environmentId}` };
}
