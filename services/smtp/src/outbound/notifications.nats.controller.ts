import type { Principal } from '@fleet/contracts-fleet';
import { SendNotificationRequest, SmtpSubjects, type NotificationAcceptedReply } from '@fleet/contracts-smtp';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { NotificationsService } from './notifications.service';

@Controller()
export class NotificationsNatsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** Internal: Fleet services only (a `svc:*` token); they have checked their own caller's rights. */
  @MessagePattern(SmtpSubjects.notificationSend)
  send(@Payload() req: SendNotificationRequest, @CurrentPrincipal('fleet') _p: Principal): Promise<NotificationAcceptedReply> {
    return this.notifications.accept({ ...req });
  }
}
