import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { PolicyModule } from '../policy/policy.module';
import { CredentialsNatsController } from './credentials.nats.controller';
import { CredentialsService } from './credentials.service';

/** Password change, password reset by e-mailed token, MFA by e-mailed one-time code. */
@Module({ imports: [PolicyModule, AuthModule], controllers: [CredentialsNatsController], providers: [CredentialsService] })
export class CredentialsModule {}
