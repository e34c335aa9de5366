import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { KeysModule } from '../keys/keys.module';
import { PolicyModule } from '../policy/policy.module';
import { UsersModule } from '../users/users.module';
import { OidcNatsController } from './oidc.nats.controller';
import { OidcService } from './oidc.service';

/** External OpenID Connect providers per company realm, and sign-in through them. */
@Module({ imports: [AuthModule, KeysModule, PolicyModule, UsersModule], controllers: [OidcNatsController], providers: [OidcService] })
export class OidcModule {}
