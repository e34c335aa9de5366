import { AccountsSubjects, type RealmReply } from '@fleet/contracts-accounts';
import { CreateCompanyRequest, GetCompanyRequest, ListCompaniesRequest, PlatformSubjects, type CompanyListReply, type CompanyReply } from '@fleet/contracts-platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRealm, type CallerRequest } from '../auth/auth.decorators';
import { validatePathParams } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';

/** Companies (platform) and their identity realm (accounts). Company-realm tokens only; platform checks the roles. */
@ApiTags('companies')
@RequireRealm('company')
@Controller('api/v1/companies')
export class CompaniesHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a company (its identity realm is provisioned asynchronously)' })
  @ApiContract({ body: 'CreateCompanyRequest', ok: 201, reply: 'CompanyReply', errors: [400, 401, 403, 409, 503, 504] })
  create(@Body() body: CreateCompanyRequest, @Req() req: CallerRequest): Promise<CompanyReply> {
    return this.upstream.callAs(req, PlatformSubjects.companyCreate, body);
  }

  @Get()
  @ApiOperation({ summary: 'List companies, newest first' })
  @ApiContract({ query: 'PageQuery', ok: 200, reply: 'CompanyListReply', errors: [400, 401, 403, 503, 504] })
  list(@Query() query: ListCompaniesRequest, @Req() req: CallerRequest): Promise<CompanyListReply> {
    return this.upstream.callAs(req, PlatformSubjects.companyList, query);
  }

  @Get(':companyId')
  @ApiOperation({ summary: 'Read a company' })
  @ApiParam({ name: 'companyId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'CompanyReply', errors: [400, 401, 404, 503, 504] })
  get(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<CompanyReply> {
    const { companyId } = validatePathParams(GetCompanyRequest, params);
    return this.upstream.callAs(req, PlatformSubjects.companyGet, { companyId });
  }

  @Get(':companyId/realm')
  @ApiOperation({ summary: "Read a company's identity realm (from accounts)" })
  @ApiParam({ name: 'companyId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'RealmReply', errors: [400, 401, 404, 503, 504] })
  realm(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<RealmReply> {
    const { companyId } = validatePathParams(GetCompanyRequest, params);
    return this.upstream.callAs(req, AccountsSubjects.realmGetForCompany, { companyId });
  }
}
