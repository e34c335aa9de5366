import {
  CreateMailTriggerRequest,
  DeleteMailTriggerRequest,
  GetMailRelayRequest,
  ListMailDeliveriesRequest,
  ListMailTriggersRequest,
  SetMailRelayRequest,
  SmtpSubjects,
  UpdateMailTriggerRequest,
  type MailDeliveryListReply,
  type MailRelayReply,
  type MailTriggerListReply,
  type MailTriggerReply,
} from '@fleet/contracts-smtp';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRealm, type CallerRequest } from '../auth/auth.decorators';
import { validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';

const E = [400, 401, 403, 404, 503, 504];

/**
 * An environment's e-mail (smtp): its outbound relay, the delivery log and the e-mail triggers of
 * its inbound mailbox. platform decides who may: `environment.read` to read, `environment.manage`
 * to change; other tenants get 404.
 */
@ApiTags('notifications')
@RequireRealm('company')
@ApiParam({ name: 'environmentId', format: 'uuid' })
@Controller('api/v1/environments/:environmentId/notifications')
export class NotificationsHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Get('relay')
  @ApiOperation({ summary: "The environment's outbound SMTP relay (the password is never answered: passwordSet tells whether one is stored)" })
  @ApiContract({ ok: 200, reply: 'MailRelayReply', errors: E })
  getRelay(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<MailRelayReply> {
    return this.upstream.callAs(req, SmtpSubjects.relayGet, validateRequest(GetMailRelayRequest, params, {}));
  }

  @Put('relay')
  @ApiOperation({ summary: "Set the environment's outbound SMTP relay (host, port, STARTTLS/TLS, credentials, sender); enabled: false stops sending; an omitted password keeps the stored one" })
  @ApiContract({ body: 'SetMailRelayRequest', ok: 200, reply: 'MailRelayReply', errors: E })
  setRelay(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<MailRelayReply> {
    return this.upstream.callAs(req, SmtpSubjects.relaySet, validateRequest(SetMailRelayRequest, params, body));
  }

  @Get('deliveries')
  @ApiOperation({ summary: "The environment's delivery log, newest first (status, attempts, last SMTP reply; never bodies)" })
  @ApiContract({ query: 'ListMailDeliveriesRequest', ok: 200, reply: 'MailDeliveryListReply', errors: E })
  deliveries(@Param() params: Record<string, string>, @Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<MailDeliveryListReply> {
    return this.upstream.callAs(req, SmtpSubjects.deliveryList, validateRequest(ListMailDeliveriesRequest, params, query));
  }

  @Get('triggers')
  @ApiOperation({ summary: "The environment's e-mail triggers, most recently changed first (the one that runs when several match)" })
  @ApiContract({ ok: 200, reply: 'MailTriggerListReply', errors: E })
  triggers(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<MailTriggerListReply> {
    return this.upstream.callAs(req, SmtpSubjects.triggerList, validateRequest(ListMailTriggersRequest, params, {}));
  }

  @Post('triggers')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an e-mail trigger: mail to the environment mailbox from the sender domains that meets the conditions (all / any) starts a case of the process' })
  @ApiContract({ body: 'CreateMailTriggerRequest', ok: 201, reply: 'MailTriggerReply', errors: E })
  createTrigger(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<MailTriggerReply> {
    return this.upstream.callAs(req, SmtpSubjects.triggerCreate, validateRequest(CreateMailTriggerRequest, params, body));
  }

  @Patch('triggers/:triggerId')
  @ApiParam({ name: 'triggerId', format: 'uuid' })
  @ApiOperation({ summary: 'Change an e-mail trigger (only the fields given); it becomes the most recently changed, the one that runs when several match' })
  @ApiContract({ body: 'UpdateMailTriggerRequest', ok: 200, reply: 'MailTriggerReply', errors: E })
  updateTrigger(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<MailTriggerReply> {
    return this.upstream.callAs(req, SmtpSubjects.triggerUpdate, validateRequest(UpdateMailTriggerRequest, params, body));
  }

  @Delete('triggers/:triggerId')
  @ApiParam({ name: 'triggerId', format: 'uuid' })
  @ApiOperation({ summary: 'Delete an e-mail trigger' })
  @ApiContract({ ok: 200, reply: 'MailTriggerReply', errors: E })
  deleteTrigger(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<MailTriggerReply> {
    return this.upstream.callAs(req, SmtpSubjects.triggerDelete, validateRequest(DeleteMailTriggerRequest, params, {}));
  }
}
