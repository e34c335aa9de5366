import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { AccountsSettingsModule } from './config';
import { KeysModule } from './keys/keys.module';
import { RealmsModule } from './realms/realms.module';
import { SessionsModule } from './sessions/sessions.module';
import { UsersModule } from './users/users.module';

/** Root module of accounts: realms, users, sign-in, sessions and signing keys. */
@Module({ imports: [AccountsSettingsModule, RealmsModule, UsersModule, AuthModule, SessionsModule, KeysModule] })
export class AccountsModule {}
