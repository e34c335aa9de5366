import { secretsProviderFrom, type SecretsProvider } from '@fleet/shared-secrets';
import { KIT } from '@fleet/shared-service-kit';
import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConnectorAccess } from './access/connector-access';
import type { ConnectorEnv } from './config';
import { DefinitionsNatsController } from './definitions/definitions.nats.controller';
import { DefinitionsService } from './definitions/definitions.service';
import { InvocationsNatsController } from './invocations/invocations.nats.controller';
import { InvocationsService, OUTBOUND_EXECUTOR } from './invocations/invocations.service';
import { OutboundExecutor } from './outbound/executor';
import { ParametersNatsController } from './parameters/parameters.nats.controller';
import { ParametersService, SECRETS_PROVIDER } from './parameters/parameters.service';

type Config = { env: Record<string, unknown> };

function secretsProvider(config: Config, logger: Logger): SecretsProvider {
  const env = config.env as unknown as ConnectorEnv;
  const provider = secretsProviderFrom({ keyVaultUrl: env.FLEET_KEYVAULT_URL || undefined, secretsDir: env.FLEET_SECRETS_DIR || undefined, cacheSeconds: env.FLEET_SECRETS_CACHE_SECONDS }, process.env);
  logger.info({ secrets: provider.kind }, 'connector secrets provider');
  return provider;
}

function outboundExecutor(config: Config, logger: Logger): OutboundExecutor {
  const env = config.env as unknown as ConnectorEnv;
  return new OutboundExecutor(
    {
      connectTimeoutMs: env.CONNECTOR_CONNECT_TIMEOUT_MS,
      readTimeoutMs: env.CONNECTOR_READ_TIMEOUT_MS,
      retries: env.CONNECTOR_RETRIES,
      backoff: { baseMs: env.CONNECTOR_BACKOFF_BASE_MS, maxMs: env.CONNECTOR_BACKOFF_MAX_MS, retryAfterMaxSeconds: env.CONNECTOR_RETRY_AFTER_MAX_SECONDS },
      breakerFailures: env.CONNECTOR_BREAKER_FAILURES,
      breakerOpenMs: env.CONNECTOR_BREAKER_OPEN_MS,
      maxConcurrencyPerTarget: env.CONNECTOR_MAX_CONCURRENCY_PER_TARGET,
      maxResponseBytes: env.CONNECTOR_MAX_RESPONSE_BYTES,
    },
    (environmentId, d) => logger.info({ environmentId, outbound: d }, d.allowed ? 'outbound call allowed' : 'outbound call refused'),
  );
}

/**
 * Root module of connector: connector definitions per environment, parameters and outbound
 * policy, and invocations (outbound REST calls with authentication, retries, circuit breaking).
 */
@Module({
  controllers: [DefinitionsNatsController, ParametersNatsController, InvocationsNatsController],
  providers: [
    ConnectorAccess,
    DefinitionsService,
    ParametersService,
    InvocationsService,
    { provide: SECRETS_PROVIDER, inject: [KIT.config, KIT.logger], useFactory: secretsProvider },
    { provide: OUTBOUND_EXECUTOR, inject: [KIT.config, KIT.logger], useFactory: outboundExecutor },
  ],
  exports: [DefinitionsService],
})
export class ConnectorModule {}
