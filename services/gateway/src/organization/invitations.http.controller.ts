import {
  AcceptInvitationRequest,
  CreateInvitationRequest,
  ListInvitationsRequest,
  PlatformSubjects,
  type InvitationListReply,
  type InvitationReply,
  type MyAccessReply,
} from '@fleet/contracts-platform';
import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, RequireRealm, type CallerRequest } from '../auth/auth.decorators';
import { validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';

/** Invitations by e-mail (platform) and the caller's own roles. */
@ApiTags('invitations')
@Controller('api/v1')
export class InvitationsHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Post('invitations')
  @HttpCode(201)
  @RequireRealm('company')
  @ApiOperation({ summary: 'Invite a person by e-mail to a role (one-time link, expires)' })
  @ApiContract({ body: 'CreateInvitationRequest', ok: 201, reply: 'InvitationReply', errors: [400, 401, 403, 404, 503, 504] })
  create(@Body() body: unknown, @Req() req: CallerRequest): Promise<InvitationReply> {
    return this.upstream.callAs(req, PlatformSubjects.invitationCreate, validateRequest(CreateInvitationRequest, {}, body));
  }

  @Get('invitations')
  @RequireRealm('company')
  @ApiContract({ query: 'ListInvitationsRequest', ok: 200, reply: 'InvitationListReply', errors: [400, 401, 403, 404, 503, 504] })
  list(@Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<InvitationListReply> {
    return this.upstream.callAs(req, PlatformSubjects.invitationList, validateRequest(ListInvitationsRequest, {}, query));
  }

  @Post('invitations/accept')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Accept an invitation with the token from the e-mail (sets the password of a new user)' })
  @ApiContract({ body: 'AcceptInvitationRequest', ok: 200, reply: 'InvitationReply', errors: [400, 404, 503, 504] })
  accept(@Body() body: unknown, @Req() req: CallerRequest): Promise<InvitationReply> {
    return this.upstream.callAs(req, PlatformSubjects.invitationAccept, validateRequest(AcceptInvitationRequest, {}, body));
  }

  @Get('me/access')
  @RequireRealm('company')
  @ApiOperation({ summary: "The caller's roles" })
  @ApiContract({ ok: 200, reply: 'MyAccessReply', errors: [401, 503, 504] })
  mine(@Req() req: CallerRequest): Promise<MyAccessReply> {
    return this.upstream.callAs(req, PlatformSubjects.accessMine, {});
  }
}
