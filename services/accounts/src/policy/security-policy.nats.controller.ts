import { AccountsSubjects, GetSecurityPolicyRequest, UpdateSecurityPolicyRequest, type SecurityPolicyReply } from '@fleet/contracts-accounts';
import type { Principal } from '@fleet/contracts-fleet';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { authorizationHeaderOf } from '../nats-context';
import { SecurityPolicyService } from './security-policy.service';

@Controller()
export class SecurityPolicyNatsController {
  constructor(private readonly policies: SecurityPolicyService) {}

  @MessagePattern(AccountsSubjects.policyGet)
  get(@Payload() req: GetSecurityPolicyRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<SecurityPolicyReply> {
    return this.policies.get(p, authorizationHeaderOf(ctx), req);
  }

  @MessagePattern(AccountsSubjects.policyUpdate)
  update(@Payload() req: UpdateSecurityPolicyRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<SecurityPolicyReply> {
    return this.policies.update(p, authorizationHeaderOf(ctx), req);
  }
}
