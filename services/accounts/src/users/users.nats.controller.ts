import {
  AccountsSubjects,
  CreateUserRequest,
  DeactivateUserRequest,
  GetUserRequest,
  type CreateUserReply,
  type UserReply,
} from '@fleet/contracts-accounts';
import type { Principal } from '@fleet/contracts-fleet';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { INTERNAL_CALLERS, InternalCaller } from '../access/internal-caller';
import { correlationIdOf } from '../nats-context';
import { UsersService } from './users.service';

/** Internal subjects: only platform's service token may call them (identities are created and ended through platform). */
@Controller()
export class UsersNatsController {
  constructor(private readonly users: UsersService) {}

  @MessagePattern(AccountsSubjects.userCreate)
  create(@Payload() req: CreateUserRequest, @InternalCaller(INTERNAL_CALLERS.userCreate) _caller: Principal, @Ctx() ctx: NatsContext): Promise<CreateUserReply> {
    return this.users.create(req, correlationIdOf(ctx));
  }

  @MessagePattern(AccountsSubjects.userGet)
  get(@Payload() req: GetUserRequest, @InternalCaller(INTERNAL_CALLERS.userGet) _caller: Principal): Promise<UserReply> {
    return this.users.get(req.companyId, req.userId);
  }

  @MessagePattern(AccountsSubjects.userDeactivate)
  deactivate(@Payload() req: DeactivateUserRequest, @InternalCaller(INTERNAL_CALLERS.userDeactivate) _caller: Principal, @Ctx() ctx: NatsContext): Promise<UserReply> {
    return this.users.deactivate(req.companyId, req.userId, correlationIdOf(ctx));
  }
}
