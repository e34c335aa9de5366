import {
  CONNECTOR_EXECUTE_CALLERS,
  ConnectorSubjects,
  ExecuteInvocationRequest,
  GetInvocationRequest,
  ListInvocationsRequest,
  TestInvocationRequest,
  type InvocationListReply,
  type InvocationReply,
  type InvocationResultReply,
} from '@fleet/contracts-connector';
import type { Principal } from '@fleet/contracts-fleet';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { ConnectorAccess } from '../access/connector-access';
import { InvocationsService } from './invocations.service';

@Controller()
export class InvocationsNatsController {
  constructor(
    private readonly invocations: InvocationsService,
    private readonly access: ConnectorAccess,
  ) {}

  /** Internal: the process runtime (work-portal) and scheduler call connectors as themselves. */
  @MessagePattern(ConnectorSubjects.invocationExecute)
  execute(@Payload() req: ExecuteInvocationRequest, @CurrentPrincipal('fleet') p: Principal): Promise<InvocationResultReply> {
    this.access.requireService(p, CONNECTOR_EXECUTE_CALLERS);
    return this.invocations.execute(req, 'process');
  }

  @MessagePattern(ConnectorSubjects.invocationTest)
  async test(@Payload() req: TestInvocationRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<InvocationResultReply> {
    await this.access.require(ctx, 'environment.manage', req.environmentId);
    return this.invocations.execute({ environmentId: req.environmentId, connector: req.name, input: req.input ?? {}, idempotencyKey: `test:${randomUUID()}` }, 'test', req.retries);
  }

  @MessagePattern(ConnectorSubjects.invocationList)
  async list(@Payload() req: ListInvocationsRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<InvocationListReply> {
    await this.access.require(ctx, 'environment.read', req.environmentId);
    return this.invocations.list(req);
  }

  @MessagePattern(ConnectorSubjects.invocationGet)
  async get(@Payload() req: GetInvocationRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<InvocationReply> {
    await this.access.require(ctx, 'environment.read', req.environmentId);
    return this.invocations.get(req.environmentId, req.invocationId);
  }
}
