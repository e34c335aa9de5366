import { ConnectorSubjects, ListDefinitionsRequest, PutDefinitionRequest, type DefinitionListReply, type DefinitionReply } from '@fleet/contracts-connector';
import type { Principal } from '@fleet/contracts-fleet';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { ConnectorAccess } from '../access/connector-access';
import { DefinitionsService } from './definitions.service';

@Controller()
export class DefinitionsNatsController {
  constructor(
    private readonly definitions: DefinitionsService,
    private readonly access: ConnectorAccess,
  ) {}

  @MessagePattern(ConnectorSubjects.definitionPut)
  async put(@Payload() req: PutDefinitionRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<DefinitionReply> {
    await this.access.require(ctx, 'environment.manage', req.environmentId);
    return this.definitions.put(req);
  }

  @MessagePattern(ConnectorSubjects.definitionList)
  async list(@Payload() req: ListDefinitionsRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<DefinitionListReply> {
    await this.access.require(ctx, 'environment.read', req.environmentId);
    return this.definitions.list(req.environmentId);
  }
}
