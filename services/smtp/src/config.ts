import { vars, type EnvSpec } from '@fleet/shared-config';

/** smtp's own settings (on top of the base ones in ARCHITECTURE.md). */
export const smtpEnv = {
  SMTP_RELAY_URL: vars.string(
    'installation relay: sends identity e-mails (company realm) and the notifications of environments without a relay of their own; smtp://user:pass@host:port (STARTTLS when offered) or smtps:// (implicit TLS); empty: e-mails wait until one is set',
    '',
    /^$|^smtps?:\/\/[^\s]+$/,
    'empty, or an smtp:// or smtps:// URL',
  ),
  SMTP_RELAY_REQUIRE_TLS: vars.bool('refuse to send through the installation relay without STARTTLS (smtp:// only)', false),
  SMTP_RELAY_TLS_REJECT_UNAUTHORIZED: vars.bool('check the certificate of every relay (false only for test relays with self-signed certificates)', true),
  SMTP_FROM: vars.string('From address of e-mails sent through the installation relay', 'Fleet <no-reply@fleet.local>'),
  SMTP_PUBLIC_URL: vars.string('public base URL of the Fleet portal, used in the links of e-mails', 'http://127.0.0.1:8080', /^https?:\/\/[^\s]+$/, 'an http(s):// URL'),
  SMTP_SECRET_KEY: vars.string('base64 of 32 bytes: seals relay passwords at rest; empty: generated once into <FLEET_DATA_DIR>/smtp-secret.key (set it in production)', '', /^$|^[A-Za-z0-9+/]{43}=$/, 'empty, or the base64 of 32 bytes'),
  SMTP_MAX_ATTEMPTS: vars.int('attempts before an e-mail that keeps failing temporarily (4xx, relay down) is marked failed', 12, 1, 1000),
  SMTP_RETRY_BASE_MS: vars.int('first retry delay, doubled at each attempt, in ms', 2000, 10, 3_600_000),
  SMTP_RETRY_MAX_MS: vars.int('longest retry delay, in ms', 900_000, 10, 86_400_000),
  SMTP_SEND_TIMEOUT_MS: vars.int('budget of one SMTP conversation (connect, greeting, each reply), in ms', 30_000, 100, 600_000),
  SMTP_DISPATCH_INTERVAL_MS: vars.int('how often the dispatcher looks for due e-mails when nobody nudges it, in ms', 1000, 10, 60_000),
  SMTP_LEASE_MS: vars.int('how long a replica holds an e-mail it is sending; a row left by a killed process is sent again after it, in ms', 60_000, 500, 3_600_000),
  SMTP_INBOUND_ENABLED: vars.bool('run the inbound SMTP listener (task replies and e-mail triggers)', false),
  SMTP_INBOUND_HOST: vars.host('bind address of the inbound SMTP listener', '127.0.0.1'),
  SMTP_INBOUND_PORT: vars.port('port of the inbound SMTP listener', 2525),
  SMTP_INBOUND_DOMAIN: vars.string('mail domain of the inbound listener (reply+<token>@domain, env-<environmentId>@domain)', 'mail.fleet.local', /^[a-z0-9.-]+$/i, 'a domain name'),
  SMTP_BOUNCE_ADDRESSES: vars.bool('send with the envelope sender bounce+<notification id>@SMTP_INBOUND_DOMAIN, so that delivery-failure reports (bounces) sent later reach the inbound listener and mark the e-mail failed (needs the listener reachable as that domain\'s MX)', false),
  SMTP_INBOUND_MAX_BYTES: vars.int('largest inbound message accepted, in bytes', 10_485_760, 1024, 104_857_600),
} satisfies EnvSpec;

/** The typed values of {@link smtpEnv}. */
export interface SmtpEnv {
  SMTP_RELAY_URL: string;
  SMTP_RELAY_REQUIRE_TLS: boolean;
  SMTP_RELAY_TLS_REJECT_UNAUTHORIZED: boolean;
  SMTP_FROM: string;
  SMTP_PUBLIC_URL: string;
  SMTP_SECRET_KEY: string;
  SMTP_MAX_ATTEMPTS: number;
  SMTP_RETRY_BASE_MS: number;
  SMTP_RETRY_MAX_MS: number;
  SMTP_SEND_TIMEOUT_MS: number;
  SMTP_DISPATCH_INTERVAL_MS: number;
  SMTP_LEASE_MS: number;
  SMTP_INBOUND_ENABLED: boolean;
  SMTP_INBOUND_HOST: string;
  SMTP_INBOUND_PORT: number;
  SMTP_INBOUND_DOMAIN: string;
  SMTP_INBOUND_MAX_BYTES: number;
  SMTP_BOUNCE_ADDRESSES: boolean;
}

/** What smtp injects as `KIT.config`. */
export interface SmtpConfig {
  env: SmtpEnv;
  dataDir: string;
}
