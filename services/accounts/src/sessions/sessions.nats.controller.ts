import { AccountsSubjects, SessionCheckRequest, type SessionCheckReply } from '@fleet/contracts-accounts';
import type { Principal } from '@fleet/contracts-fleet';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { INTERNAL_CALLERS, InternalCaller } from '../access/internal-caller';
import { SessionsService } from './sessions.service';

@Controller()
export class SessionsNatsController {
  constructor(private readonly sessions: SessionsService) {}

  /** Internal: any Fleet service's token (every service's TokenVerifier asks it). */
  @MessagePattern(AccountsSubjects.sessionCheck)
  check(@Payload() req: SessionCheckRequest, @InternalCaller(INTERNAL_CALLERS.sessionCheck) _caller: Principal): Promise<SessionCheckReply> {
    return this.sessions.check(req.sessionId);
  }
}
