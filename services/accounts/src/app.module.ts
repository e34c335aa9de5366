import { Module } from '@nestjs/common';
import { RealmsModule } from './realms/realms.module';

/** Root module of accounts: realms today; users, credentials and tokens with identity. */
@Module({ imports: [RealmsModule] })
export class AccountsModule {}
