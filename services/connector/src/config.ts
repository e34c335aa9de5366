import { vars, type EnvSpec, type EnvValues } from '@fleet/shared-config';

/** connector's own settings (on top of the base ones in ARCHITECTURE.md). */
export const connectorEnv = {
  FLEET_KEYVAULT_URL: vars.string('Azure Key Vault holding connector secrets (https://<name>.vault.azure.net); empty: secrets directory, then FLEET_SECRET_<REF> variables', '', /^$|^https:\/\/[^\s/]+\/?$/, 'empty or an https:// vault URL'),
  FLEET_SECRETS_DIR: vars.string('directory of secrets, one file per secret reference (used when FLEET_KEYVAULT_URL is empty)', ''),
  FLEET_SECRETS_CACHE_SECONDS: vars.int('how long a resolved secret is cached in memory, seconds', 300, 0, 86400),
  CONNECTOR_CONNECT_TIMEOUT_MS: vars.int('connect timeout of every outbound call, ms', 5000, 50, 60000),
  CONNECTOR_READ_TIMEOUT_MS: vars.int('default read timeout of one attempt (a definition may set timeoutMs), ms', 10000, 50, 120000),
  CONNECTOR_RETRIES: vars.int('default retries after the first attempt when a retry is safe (a definition may set retries)', 3, 0, 10),
  CONNECTOR_BACKOFF_BASE_MS: vars.int('first retry delay before jitter, doubled each retry', 200, 1, 60000),
  CONNECTOR_BACKOFF_MAX_MS: vars.int('largest retry delay, ms', 5000, 1, 300000),
  CONNECTOR_RETRY_AFTER_MAX_SECONDS: vars.int('largest Retry-After a 429/503 may ask for and still be retried, seconds', 30, 0, 3600),
  CONNECTOR_BREAKER_FAILURES: vars.int('consecutive failures that open the circuit of a target', 5, 1, 1000),
  CONNECTOR_BREAKER_OPEN_MS: vars.int('how long an open circuit refuses calls before one trial call (half-open), ms', 30000, 10, 3600000),
  CONNECTOR_MAX_CONCURRENCY_PER_TARGET: vars.int('calls in flight per environment and target origin; more wait in line', 10, 1, 1000),
  CONNECTOR_MAX_RESPONSE_BYTES: vars.int('largest response body read, bytes', 10485760, 1024, 104857600),
} satisfies EnvSpec;

export type ConnectorEnv = EnvValues<typeof connectorEnv>;
