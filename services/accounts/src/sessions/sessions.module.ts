import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { PolicyModule } from '../policy/policy.module';
import { SessionsNatsController } from './sessions.nats.controller';
import { SessionsService } from './sessions.service';

/** Sessions and refresh tokens. */
@Module({ imports: [KeysModule, PolicyModule], controllers: [SessionsNatsController], providers: [SessionsService], exports: [SessionsService] })
export class SessionsModule {}
