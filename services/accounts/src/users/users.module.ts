import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module';
import { UsersNatsController } from './users.nats.controller';
import { UsersService } from './users.service';

/** Users: create, read, deactivate. */
@Module({ imports: [PolicyModule], controllers: [UsersNatsController], providers: [UsersService], exports: [UsersService] })
export class UsersModule {}
