import { vars, type EnvSpec, type VarSpec } from '@fleet/shared-config';
import { KIT } from '@fleet/shared-service-kit';
import { Global, Module } from '@nestjs/common';

/** A positive decimal number up to `max` (hours may be fractional: tests rotate keys every few seconds). */
function positiveNumber(doc: string, def: number, max: number): VarSpec<number> {
  return {
    expected: `a positive number (decimals allowed) up to ${max}`,
    doc,
    default: def,
    parse: (raw) => {
      const n = Number(raw);
      return /^\d+(\.\d+)?$/.test(raw) && n > 0 && n <= max ? n : undefined;
    },
  };
}

/** Base64 of exactly 32 bytes, or empty (then accounts keeps a generated key in its data directory). */
const keyEncryptionKey: VarSpec<string> = {
  expected: 'the base64 of exactly 32 random bytes (e.g. `openssl rand -base64 32`)',
  doc: 'AES-256-GCM key that encrypts the signing keys at rest; unset: a key generated once into <FLEET_DATA_DIR>/accounts-key-encryption.key (local runs only: replicas must share one key)',
  default: '',
  parse: (raw) => (/^[A-Za-z0-9+/]+={0,2}$/.test(raw) && Buffer.from(raw, 'base64').length === 32 ? raw : undefined),
};

/** The accounts service's own settings (on top of the base ones in ARCHITECTURE.md). */
export const accountsEnv = {
  ACCOUNTS_ACCESS_TOKEN_TTL_SECONDS: vars.int('lifetime of an access token, in seconds', 900, 60, 86400),
  ACCOUNTS_KEY_ROTATION_HOURS: positiveNumber('age after which the signing key is replaced by a new one, in hours', 720, 87600),
  ACCOUNTS_KEY_ENCRYPTION_KEY: keyEncryptionKey,
} satisfies EnvSpec;

/** Typed values of {@link accountsEnv}. */
export interface AccountsEnv {
  ACCOUNTS_ACCESS_TOKEN_TTL_SECONDS: number;
  ACCOUNTS_KEY_ROTATION_HOURS: number;
  ACCOUNTS_KEY_ENCRYPTION_KEY: string;
}

/** What the identity slices read from the configuration. */
export interface AccountsSettings {
  issuer: string;
  accessTokenTtlSeconds: number;
  keyRotationMs: number;
  /** Base64, or empty when unset. */
  keyEncryptionKey: string;
  dataDir: string;
}

/** Injection token of {@link AccountsSettings}. */
export const ACCOUNTS_SETTINGS = Symbol('accounts.settings');

/** The settings from the validated configuration the kit read at boot (the issuer is a base setting: FLEET_TOKEN_ISSUER). */
export function accountsSettingsOf(config: { env: Record<string, unknown>; dataDir: string; tokenIssuer: string }): AccountsSettings {
  const env = config.env as unknown as AccountsEnv;
  return {
    issuer: config.tokenIssuer,
    accessTokenTtlSeconds: env.ACCOUNTS_ACCESS_TOKEN_TTL_SECONDS,
    keyRotationMs: Math.round(env.ACCOUNTS_KEY_ROTATION_HOURS * 3_600_000),
    keyEncryptionKey: env.ACCOUNTS_KEY_ENCRYPTION_KEY,
    dataDir: config.dataDir,
  };
}

/** Provides {@link AccountsSettings} to every slice. */
@Global()
@Module({
  providers: [{ provide: ACCOUNTS_SETTINGS, inject: [KIT.config], useFactory: accountsSettingsOf }],
  exports: [ACCOUNTS_SETTINGS],
})
export class AccountsSettingsModule {}
