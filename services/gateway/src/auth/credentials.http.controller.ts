import {
  AccountsErrorCodes,
  AccountsSubjects,
  ChangePasswordRequest,
  CompletePasswordChangeRequest,
  INVALID_CREDENTIALS_MESSAGE,
  MfaLoginRequest,
  PasswordResetCompleteRequest,
  PasswordResetRequest,
  type ChangePasswordReply,
  type LoginReply,
  type PasswordResetCompleteReply,
  type PasswordResetRequestReply,
} from '@fleet/contracts-accounts';
import { reasonOf } from '@fleet/contracts-fleet';
import { FleetError } from '@fleet/shared-errors';
import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';
import { BEARER_SCHEME, Public, type CallerRequest } from './auth.decorators';

/**
 * Passwords and the further steps of a sign-in (accounts): change one's own password, finish a
 * sign-in that requires a new password or an e-mailed code, reset a forgotten password by e-mail.
 */
@ApiTags('auth')
@Controller()
export class CredentialsHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Post('api/v1/me/password')
  @HttpCode(200)
  @ApiBearerAuth(BEARER_SCHEME)
  @ApiOperation({ summary: "Change the caller's own password (any realm); the realm's policy applies, the caller's other sessions are revoked" })
  @ApiContract({ body: 'ChangePasswordRequest', ok: 200, reply: 'ChangePasswordReply', errors: [400, 401, 503, 504] })
  change(@Body() body: unknown, @Req() req: CallerRequest): Promise<ChangePasswordReply> {
    return this.upstream.callAs(req, AccountsSubjects.passwordChange, validateRequest(ChangePasswordRequest, {}, body));
  }

  @Public()
  @Post('api/v1/auth/password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Finish a sign-in that answered `password_change_required`: its ticket and a new password give the token pair' })
  @ApiContract({ body: 'CompletePasswordChangeRequest', ok: 200, reply: 'LoginReply', errors: [400, 401, 503, 504] })
  completeChange(@Body() body: unknown, @Req() req: CallerRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginReply> {
    void reply.header('cache-control', 'no-store');
    return generic(this.upstream.callAs(req, AccountsSubjects.authPassword, validateRequest(CompletePasswordChangeRequest, {}, body)));
  }

  @Public()
  @Post('api/v1/auth/mfa')
  @HttpCode(200)
  @ApiOperation({ summary: 'Finish a sign-in that answered `mfa_required`: its ticket and the e-mailed 6-digit code give the token pair' })
  @ApiContract({ body: 'MfaLoginRequest', ok: 200, reply: 'LoginReply', errors: [400, 401, 503, 504] })
  mfa(@Body() body: unknown, @Req() req: CallerRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginReply> {
    void reply.header('cache-control', 'no-store');
    return generic(this.upstream.callAs(req, AccountsSubjects.authMfa, validateRequest(MfaLoginRequest, {}, body)));
  }

  @Public()
  @Post('api/v1/auth/password-reset')
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask for a password-reset e-mail (the same 202 whether or not the e-mail belongs to a user)' })
  @ApiContract({ body: 'PasswordResetRequest', ok: 202, reply: 'PasswordResetRequestReply', errors: [400, 503, 504] })
  requestReset(@Body() body: unknown, @Req() req: CallerRequest): Promise<PasswordResetRequestReply> {
    return this.upstream.callAs(req, AccountsSubjects.passwordResetRequest, validateRequest(PasswordResetRequest, {}, body));
  }

  @Public()
  @Post('api/v1/auth/password-reset/complete')
  @HttpCode(200)
  @ApiOperation({ summary: "Set a new password with the e-mailed one-time token (30 min); every session of the user is revoked" })
  @ApiContract({ body: 'PasswordResetCompleteRequest', ok: 200, reply: 'PasswordResetCompleteReply', errors: [400, 401, 503, 504] })
  completeReset(@Body() body: unknown, @Req() req: CallerRequest): Promise<PasswordResetCompleteReply> {
    return generic(this.upstream.callAs(req, AccountsSubjects.passwordResetComplete, validateRequest(PasswordResetCompleteRequest, {}, body)));
  }
}

/** Any refused ticket, token or code leaves as the one generic 401, whatever accounts put in the details. */
async function generic<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof FleetError && reasonOf(err.code) === 'UNAUTHORIZED') throw new FleetError(AccountsErrorCodes.UNAUTHORIZED, INVALID_CREDENTIALS_MESSAGE);
    throw err;
  }
}
