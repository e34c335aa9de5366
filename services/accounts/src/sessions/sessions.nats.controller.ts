import { AccountsSubjects, SessionCheckRequest, type SessionCheckReply } from '@fleet/contracts-accounts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SessionsService } from './sessions.service';

@Controller()
export class SessionsNatsController {
  constructor(private readonly sessions: SessionsService) {}

  @MessagePattern(AccountsSubjects.sessionCheck)
  check(@Payload() req: SessionCheckRequest): Promise<SessionCheckReply> {
    return this.sessions.check(req.sessionId);
  }
}
