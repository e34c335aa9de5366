import {
  AccountsErrorCodes,
  AccountsSubjects,
  ClientCredentialsRequest,
  CreateServiceAccountRequest,
  INVALID_CREDENTIALS_MESSAGE,
  ListServiceAccountsRequest,
  RevokeServiceAccountRequest,
  type CreatedServiceAccountReply,
  type ServiceAccountListReply,
  type ServiceAccountReply,
  type ServiceTokenReply,
} from '@fleet/contracts-accounts';
import { reasonOf } from '@fleet/contracts-fleet';
import { FleetError } from '@fleet/shared-errors';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiConsumes, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Public, RequireRealm, type CallerRequest } from '../auth/auth.decorators';
import { validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Service identity at the edge (accounts): the client-credentials grant (`POST /api/v1/auth/token`,
 * public: the credentials are the authentication; form or JSON body, as OAuth 2.0 clients send it)
 * and a company's service accounts (company administrators; platform decides through accounts).
 */
@ApiTags('service accounts')
@Controller()
export class ServiceAccountsHttpController implements OnModuleInit {
  constructor(
    private readonly upstream: Upstream,
    private readonly http: HttpAdapterHost,
  ) {}

  /** OAuth 2.0 token requests are form-encoded (RFC 6749 §4.4.2): parse them like JSON bodies. */
  onModuleInit(): void {
    const fastify = this.http.httpAdapter?.getInstance() as FastifyInstance | undefined;
    if (!fastify || fastify.hasContentTypeParser(FORM)) return;
    fastify.addContentTypeParser(FORM, { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
  }

  @Public()
  @Post('api/v1/auth/token')
  @HttpCode(200)
  @ApiConsumes(FORM, 'application/json')
  @ApiOperation({ summary: 'Client-credentials grant: a service account exchanges its client id and secret for a 15-minute access token (no refresh token)' })
  @ApiContract({ body: 'ClientCredentialsRequest', ok: 200, reply: 'ServiceTokenReply', errors: [400, 401, 503, 504] })
  async token(@Body() body: unknown, @Req() req: CallerRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ServiceTokenReply> {
    void reply.header('cache-control', 'no-store');
    const request = validateRequest(ClientCredentialsRequest, {}, body);
    try {
      return await this.upstream.callAs<ServiceTokenReply>(req, AccountsSubjects.authToken, request);
    } catch (err) {
      // any refused credential leaves as the one generic 401, whatever accounts put in the details
      if (err instanceof FleetError && reasonOf(err.code) === 'UNAUTHORIZED') throw new FleetError(AccountsErrorCodes.UNAUTHORIZED, INVALID_CREDENTIALS_MESSAGE);
      throw err;
    }
  }

  @RequireRealm('company')
  @Post('api/v1/companies/:companyId/service-accounts')
  @HttpCode(201)
  @ApiParam({ name: 'companyId', format: 'uuid' })
  @ApiOperation({ summary: 'Create a service account (machine client) of the company; its client secret is in this answer only' })
  @ApiContract({ body: 'CreateServiceAccountRequest', ok: 201, reply: 'CreatedServiceAccountReply', errors: [400, 401, 403, 404, 503, 504] })
  create(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CreatedServiceAccountReply> {
    void reply.header('cache-control', 'no-store');
    return this.upstream.callAs(req, AccountsSubjects.serviceAccountCreate, validateRequest(CreateServiceAccountRequest, params, body));
  }

  @RequireRealm('company')
  @Get('api/v1/companies/:companyId/service-accounts')
  @ApiParam({ name: 'companyId', format: 'uuid' })
  @ApiOperation({ summary: "List the company's service accounts, newest first (never their secrets)" })
  @ApiContract({ ok: 200, reply: 'ServiceAccountListReply', errors: [400, 401, 403, 404, 503, 504] })
  list(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<ServiceAccountListReply> {
    return this.upstream.callAs(req, AccountsSubjects.serviceAccountList, validateRequest(ListServiceAccountsRequest, params, undefined));
  }

  @RequireRealm('company')
  @Delete('api/v1/companies/:companyId/service-accounts/:id')
  @ApiParam({ name: 'companyId', format: 'uuid' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Revoke a service account: no new token is issued for it (tokens already issued expire within 15 minutes)' })
  @ApiContract({ ok: 200, reply: 'ServiceAccountReply', errors: [400, 401, 403, 404, 503, 504] })
  revoke(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<ServiceAccountReply> {
    const request = validateRequest(RevokeServiceAccountRequest, { companyId: params.companyId, serviceAccountId: params.id }, undefined);
    return this.upstream.callAs(req, AccountsSubjects.serviceAccountRevoke, request);
  }
}
