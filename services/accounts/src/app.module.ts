import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { AccountsSettingsModule } from './config';
import { CredentialsModule } from './credentials/credentials.module';
import { KeysModule } from './keys/keys.module';
import { OidcModule } from './oidc/oidc.module';
import { SecurityPolicyModule } from './policy/security-policy.module';
import { RealmsModule } from './realms/realms.module';
import { ServiceAccountsModule } from './service-accounts/service-accounts.module';
import { SessionsModule } from './sessions/sessions.module';
import { UsersModule } from './users/users.module';

/** Root module of accounts: realms, users, sign-in, sessions and signing keys. */
@Module({ imports: [AccountsSettingsModule, RealmsModule, UsersModule, AuthModule, SessionsModule, KeysModule, ServiceAccountsModule, CredentialsModule, SecurityPolicyModule, OidcModule] })
export class AccountsModule {}
