import { CachingSecretsProvider } from './caching-provider';
import { KeyVaultSecretsProvider } from './key-vault-provider';
import { ChainSecretsProvider, DirectorySecretsProvider, EnvSecretsProvider } from './local-providers';
import type { SecretsProvider } from './secrets-provider';

/** The settings that choose a provider. */
export interface SecretsSettings {
  /** `FLEET_KEYVAULT_URL`: when set, Key Vault is the only provider. */
  keyVaultUrl?: string;
  /** `FLEET_SECRETS_DIR`: a directory of one file per secret. */
  secretsDir?: string;
  /** `FLEET_SECRETS_CACHE_SECONDS`. */
  cacheSeconds: number;
}

/**
 * Key Vault when `keyVaultUrl` is set; else the secrets directory (when set) then environment
 * variables `FLEET_SECRET_<REF>`; cached for `cacheSeconds`.
 */
export function secretsProviderFrom(s: SecretsSettings, env: NodeJS.ProcessEnv): SecretsProvider {
  const inner: SecretsProvider = s.keyVaultUrl
    ? new KeyVaultSecretsProvider({ vaultUrl: s.keyVaultUrl })
    : new ChainSecretsProvider([...(s.secretsDir ? [new DirectorySecretsProvider(s.secretsDir)] : []), new EnvSecretsProvider(env)]);
  return new CachingSecretsProvider(inner, s.cacheSeconds * 1000);
}
