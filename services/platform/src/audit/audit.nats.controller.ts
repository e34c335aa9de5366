import type { Principal } from '@fleet/contracts-fleet';
import { ListAuditRequest, PlatformSubjects, type AuditListReply } from '@fleet/contracts-platform';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuditService } from './audit.service';

@Controller()
export class AuditNatsController {
  constructor(private readonly audit: AuditService) {}

  @MessagePattern(PlatformSubjects.auditList)
  list(@Payload() req: ListAuditRequest, @CurrentPrincipal('company') p: Principal): Promise<AuditListReply> {
    return this.audit.list(p, req);
  }
}
