import {
  AccountsSubjects,
  CreateUserRequest,
  DeactivateUserRequest,
  GetUserRequest,
  type CreateUserReply,
  type UserReply,
} from '@fleet/contracts-accounts';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { correlationIdOf } from '../nats-context';
import { UsersService } from './users.service';

@Controller()
export class UsersNatsController {
  constructor(private readonly users: UsersService) {}

  @MessagePattern(AccountsSubjects.userCreate)
  create(@Payload() req: CreateUserRequest, @Ctx() ctx: NatsContext): Promise<CreateUserReply> {
    return this.users.create(req, correlationIdOf(ctx));
  }

  @MessagePattern(AccountsSubjects.userGet)
  get(@Payload() req: GetUserRequest): Promise<UserReply> {
    return this.users.get(req.companyId, req.userId);
  }

  @MessagePattern(AccountsSubjects.userDeactivate)
  deactivate(@Payload() req: DeactivateUserRequest, @Ctx() ctx: NatsContext): Promise<UserReply> {
    return this.users.deactivate(req.companyId, req.userId, correlationIdOf(ctx));
  }
}
