import {
  ConnectorSubjects,
  DeleteParameterRequest,
  EnvironmentRequest,
  GetInvocationRequest,
  ListDefinitionsRequest,
  ListInvocationsRequest,
  PutDefinitionRequest,
  SetParameterRequest,
  TestInvocationRequest,
  UpdateOutboundPolicyRequest,
  type DefinitionListReply,
  type DefinitionReply,
  type DeletedReply,
  type InvocationListReply,
  type InvocationReply,
  type InvocationResultReply,
  type OutboundPolicyReply,
  type ParameterListReply,
  type ParameterReply,
} from '@fleet/contracts-connector';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRealm, type CallerRequest } from '../auth/auth.decorators';
import { validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';

const E = [400, 401, 403, 404, 503, 504];

/**
 * An environment's connectors (connector service): definitions, parameters (secret ones by
 * reference only: a secret value is never accepted nor answered), the outbound policy, test calls
 * and the invocation log. Platform decides: `environment.read` to read, `environment.manage` to
 * change or test; another company's environment is 404.
 */
@ApiTags('connectors')
@RequireRealm('company')
@ApiParam({ name: 'environmentId', format: 'uuid' })
@Controller('api/v1/environments/:environmentId/connectors')
export class ConnectorsHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Get('definitions')
  @ApiOperation({ summary: 'The connector definitions deployed to the environment' })
  @ApiContract({ ok: 200, reply: 'DefinitionListReply', errors: E })
  definitions(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<DefinitionListReply> {
    return this.upstream.callAs(req, ConnectorSubjects.definitionList, validateRequest(ListDefinitionsRequest, params, {}));
  }

  @Put('definitions/:name')
  @ApiParam({ name: 'name', description: 'the connector name' })
  @ApiOperation({ summary: 'Create or replace one connector definition (deployments install them from packages; this is for tests and fixes)' })
  @ApiContract({ body: 'PutDefinitionRequest', ok: 200, reply: 'DefinitionReply', errors: E })
  putDefinition(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<DefinitionReply> {
    return this.upstream.callAs(req, ConnectorSubjects.definitionPut, validateRequest(PutDefinitionRequest, params, body));
  }

  @Post('definitions/:name/test')
  @HttpCode(200)
  @ApiParam({ name: 'name', description: 'the connector name' })
  @ApiOperation({ summary: 'Call the connector now with the given input variables (recorded in the invocation log with source "test")' })
  @ApiContract({ body: 'TestInvocationRequest', ok: 200, reply: 'InvocationResultReply', errors: E })
  test(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<InvocationResultReply> {
    return this.upstream.callAs(req, ConnectorSubjects.invocationTest, validateRequest(TestInvocationRequest, params, body ?? {}));
  }

  @Get('parameters')
  @ApiOperation({ summary: "The environment's connector parameters (secret ones show their reference, never a value)" })
  @ApiContract({ ok: 200, reply: 'ParameterListReply', errors: E })
  parameters(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<ParameterListReply> {
    return this.upstream.callAs(req, ConnectorSubjects.parameterList, validateRequest(EnvironmentRequest, params, {}));
  }

  @Put('parameters/:name')
  @ApiParam({ name: 'name', description: 'the parameter name ({{param:NAME}} in templates)' })
  @ApiOperation({ summary: 'Set a parameter: { secret: false, value } or { secret: true, secretRef } (the name of the secret in the secrets provider)' })
  @ApiContract({ body: 'SetParameterRequest', ok: 200, reply: 'ParameterReply', errors: E })
  setParameter(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<ParameterReply> {
    return this.upstream.callAs(req, ConnectorSubjects.parameterSet, validateRequest(SetParameterRequest, params, body));
  }

  @Delete('parameters/:name')
  @ApiParam({ name: 'name' })
  @ApiContract({ ok: 200, reply: 'DeletedReply', errors: E })
  deleteParameter(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<DeletedReply> {
    return this.upstream.callAs(req, ConnectorSubjects.parameterDelete, validateRequest(DeleteParameterRequest, params, {}));
  }

  @Get('outbound-policy')
  @ApiOperation({ summary: 'Whether connectors may call plain http and private/loopback addresses (both off by default)' })
  @ApiContract({ ok: 200, reply: 'OutboundPolicyReply', errors: E })
  policy(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<OutboundPolicyReply> {
    return this.upstream.callAs(req, ConnectorSubjects.policyGet, validateRequest(EnvironmentRequest, params, {}));
  }

  @Put('outbound-policy')
  @ApiOperation({ summary: 'Change the outbound policy; omitted fields keep their value' })
  @ApiContract({ body: 'UpdateOutboundPolicyRequest', ok: 200, reply: 'OutboundPolicyReply', errors: E })
  updatePolicy(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<OutboundPolicyReply> {
    return this.upstream.callAs(req, ConnectorSubjects.policyUpdate, validateRequest(UpdateOutboundPolicyRequest, params, body));
  }

  @Get('invocations')
  @ApiOperation({ summary: 'The invocation log, newest first (request/response excerpts are truncated and secret-redacted)' })
  @ApiContract({ query: 'ListInvocationsRequest', ok: 200, reply: 'InvocationListReply', errors: E })
  invocations(@Param() params: Record<string, string>, @Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<InvocationListReply> {
    return this.upstream.callAs(req, ConnectorSubjects.invocationList, validateRequest(ListInvocationsRequest, params, query));
  }

  @Get('invocations/:invocationId')
  @ApiParam({ name: 'invocationId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'InvocationReply', errors: E })
  invocation(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<InvocationReply> {
    return this.upstream.callAs(req, ConnectorSubjects.invocationGet, validateRequest(GetInvocationRequest, params, {}));
  }
}
