import { AccountsSubjects, type RealmReply } from '@fleet/contracts-accounts';
import { CreateCompanyRequest, GetCompanyRequest, ListCompaniesRequest, PlatformSubjects, type CompanyListReply, type CompanyReply } from '@fleet/contracts-platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';
import { validatePathParams } from '../http/path-params';

/** Companies (platform) and their identity realm (accounts). */
@ApiTags('companies')
@Controller('api/v1/companies')
export class CompaniesHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a company (its identity realm is provisioned asynchronously)' })
  @ApiContract({ body: 'CreateCompanyRequest', ok: 201, reply: 'CompanyReply', errors: [400, 409, 503, 504] })
  create(@Body() body: CreateCompanyRequest, @Req() req: FastifyRequest): Promise<CompanyReply> {
    return this.upstream.call(PlatformSubjects.companyCreate, body, String(req.id));
  }

  @Get()
  @ApiOperation({ summary: 'List companies, newest first' })
  @ApiContract({ query: 'ListCompaniesRequest', ok: 200, reply: 'CompanyListReply', errors: [400, 503, 504] })
  list(@Query() query: ListCompaniesRequest, @Req() req: FastifyRequest): Promise<CompanyListReply> {
    return this.upstream.call(PlatformSubjects.companyList, query, String(req.id));
  }

  @Get(':companyId')
  @ApiOperation({ summary: 'Read a company' })
  @ApiParam({ name: 'companyId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'CompanyReply', errors: [400, 404, 503, 504] })
  get(@Param() params: Record<string, string>, @Req() req: FastifyRequest): Promise<CompanyReply> {
    const { companyId } = validatePathParams(GetCompanyRequest, params);
    return this.upstream.call(PlatformSubjects.companyGet, { companyId }, String(req.id));
  }

  @Get(':companyId/realm')
  @ApiOperation({ summary: "Read a company's identity realm (from accounts)" })
  @ApiParam({ name: 'companyId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'RealmReply', errors: [400, 404, 503, 504] })
  realm(@Param() params: Record<string, string>, @Req() req: FastifyRequest): Promise<RealmReply> {
    const { companyId } = validatePathParams(GetCompanyRequest, params);
    return this.upstream.call(AccountsSubjects.realmGetForCompany, { companyId }, String(req.id));
  }
}
