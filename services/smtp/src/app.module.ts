import { Module } from '@nestjs/common';
import { EnvironmentAccess } from './access/environment-access';
import { InboundListener } from './inbound/inbound-listener';
import { InboundMailService } from './inbound/inbound-mail.service';
import { TriggersService } from './inbound/triggers.service';
import { DeliveriesService } from './outbound/deliveries.service';
import { MailDispatcher } from './outbound/dispatcher';
import { IdentityMailConsumer } from './outbound/identity-mail.consumer';
import { NotificationsNatsController } from './outbound/notifications.nats.controller';
import { NotificationsService } from './outbound/notifications.service';
import { EnvironmentMailNatsController } from './relays/environment-mail.nats.controller';
import { RelaysService } from './relays/relays.service';

/**
 * Root module of smtp: the mail outbox and its dispatcher, identity e-mails from accounts' and
 * platform's events, environment relays, the delivery log, e-mail triggers and the inbound listener.
 */
@Module({
  controllers: [NotificationsNatsController, EnvironmentMailNatsController],
  providers: [EnvironmentAccess, RelaysService, NotificationsService, MailDispatcher, IdentityMailConsumer, DeliveriesService, TriggersService, InboundMailService, InboundListener],
})
export class SmtpModule {}
