import { Module } from '@nestjs/common';
import { SignInCompleter } from '../credentials/sign-in-completer';
import { PolicyModule } from '../policy/policy.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AuthNatsController } from './auth.nats.controller';
import { LockoutService } from './lockout.service';
import { LoginService } from './login.service';

/** Sign-in, refresh and logout. */
@Module({ imports: [PolicyModule, SessionsModule], controllers: [AuthNatsController], providers: [LoginService, LockoutService, SignInCompleter], exports: [LockoutService, SignInCompleter] })
export class AuthModule {}
