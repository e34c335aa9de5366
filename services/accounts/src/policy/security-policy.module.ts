import { Module } from '@nestjs/common';
import { PolicyModule } from './policy.module';
import { SecurityPolicyNatsController } from './security-policy.nats.controller';
import { SecurityPolicyService } from './security-policy.service';

/** The realm security policy API (`accounts.policy.get` / `.update`), authorized by platform. */
@Module({ imports: [PolicyModule], controllers: [SecurityPolicyNatsController], providers: [SecurityPolicyService] })
export class SecurityPolicyModule {}
