import { Module } from '@nestjs/common';
import { Upstream } from '../upstream/upstream.service';
import { NotificationsHttpController } from './notifications.http.controller';

/** HTTP routes of smtp's environment e-mail subjects. */
@Module({ controllers: [NotificationsHttpController], providers: [Upstream] })
export class NotificationsRoutesModule {}
