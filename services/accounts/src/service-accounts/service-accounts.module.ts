import { ACCOUNTS_SERVICE } from '@fleet/contracts-accounts';
import { TokenVerifier, type ServiceIdentity } from '@fleet/shared-auth';
import { KIT } from '@fleet/shared-service-kit';
import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { INTERNAL_TOKEN_VERIFIER, InternalCallerPipe } from '../access/internal-caller';
import { PlatformPermissions } from '../access/platform-permissions';
import { ACCOUNTS_SETTINGS, type AccountsSettings } from '../config';
import { KeyRing } from '../keys/key-ring.service';
import { KeysModule } from '../keys/keys.module';
import { ServiceAccountsNatsController } from './service-accounts.nats.controller';
import { ServiceAccountsService } from './service-accounts.service';
import { ServiceTokenSigner } from './service-token-signer';

/** accounts' verifier of internal service tokens: its own key ring is the JWKS. */
const internalTokenVerifier = {
  provide: INTERNAL_TOKEN_VERIFIER,
  inject: [KeyRing, ACCOUNTS_SETTINGS, KIT.logger],
  useFactory: (keys: KeyRing, settings: AccountsSettings, logger: Logger) =>
    new TokenVerifier({ fetchJwks: async () => ({ keys: (await keys.jwks()) as never }), issuer: settings.issuer, refetchIntervalMs: 1000, logger }),
};

/**
 * Service identity: the client-credentials grant (Fleet services and customers' service accounts),
 * and the check of internal callers (global: the users and sessions slices use `@InternalCaller`).
 */
@Global()
@Module({
  imports: [KeysModule],
  controllers: [ServiceAccountsNatsController],
  providers: [ServiceAccountsService, ServiceTokenSigner, PlatformPermissions, InternalCallerPipe, internalTokenVerifier],
  exports: [ServiceAccountsService, PlatformPermissions, INTERNAL_TOKEN_VERIFIER],
})
export class ServiceAccountsModule implements OnModuleInit {
  constructor(
    @Inject(KIT.serviceIdentity) private readonly identity: ServiceIdentity,
    private readonly accounts: ServiceAccountsService,
  ) {}

  /** accounts signs its own service token instead of asking itself over NATS. */
  onModuleInit(): void {
    this.identity.useTokenSource(() => this.accounts.ownToken(ACCOUNTS_SERVICE));
  }
}
