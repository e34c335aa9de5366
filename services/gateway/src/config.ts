import { vars, type EnvSpec } from '@fleet/shared-config';

/** The gateway's own settings (on top of the base ones in ARCHITECTURE.md). */
export const gatewayEnv = {
  GATEWAY_PORT: vars.port('HTTP port of the public API', 8080),
  GATEWAY_HOST: vars.host('bind address of the public API', '127.0.0.1'),
  GATEWAY_HEALTH_TIMEOUT_MS: vars.int('how long GET /api/v1/health waits for each service, in ms', 1500, 100, 10000),
  GATEWAY_BODY_LIMIT_BYTES: vars.int('largest accepted request body, in bytes', 1048576, 1024, 104857600),
  GATEWAY_MAINTENANCE_REFRESH_MS: vars.int('how often the maintenance gate reloads every window from deployment (besides the events), in ms', 10000, 200, 600000),
  GATEWAY_MAINTENANCE_RETRY_AFTER_S: vars.int('Retry-After of a Work Portal route answered 503 during maintenance, in seconds', 30, 1, 3600),
  GATEWAY_WAF_MODE: vars.oneOf('web application firewall: prevention (block), detection (log only) or off', ['prevention', 'detection', 'off'] as const, 'prevention'),
  GATEWAY_WAF_PARANOIA: vars.int('WAF paranoia level: 1 (fewest false positives) to 4 (most rules)', 1, 1, 4),
  GATEWAY_WAF_THRESHOLD: vars.int('WAF inbound anomaly score at which a request is blocked', 5, 1, 1000),
  GATEWAY_WAF_CUSTOM_RULES: vars.string('WAF custom rules, JSON: { denyIps, environments: { <id>: { denyIps } }, rules: [{ id, header | uri, pattern, score? }] }', ''),
  GATEWAY_ENV_ALLOWLISTS: vars.string('per-environment IP allowlists for Work Portal traffic, JSON: { "<environmentId>": ["10.0.0.0/8", "192.0.2.7"] }', ''),
  GATEWAY_REDIS_URL: vars.string('Redis shared by the gateway replicas for rate limits (empty: each replica counts alone)', ''),
  GATEWAY_RATE_LIMIT_IP_PER_SECOND: vars.int('requests per second per client address (bursts of 5 s worth); 0 turns it off', 200, 0, 1000000),
  GATEWAY_RATE_LIMIT_PRINCIPAL_PER_SECOND: vars.int('requests per second per signed-in principal (bursts of 5 s worth); 0 turns it off', 100, 0, 1000000),
  GATEWAY_RATE_LIMIT_LOGIN_PER_MINUTE: vars.int('sign-in, MFA, password and token requests per minute per client address; 0 turns it off', 60, 0, 100000),
} satisfies EnvSpec;

export interface GatewayEnv {
  GATEWAY_PORT: number;
  GATEWAY_HOST: string;
  GATEWAY_HEALTH_TIMEOUT_MS: number;
  GATEWAY_BODY_LIMIT_BYTES: number;
  GATEWAY_MAINTENANCE_REFRESH_MS: number;
  GATEWAY_MAINTENANCE_RETRY_AFTER_S: number;
  GATEWAY_WAF_MODE: 'prevention' | 'detection' | 'off';
  GATEWAY_WAF_PARANOIA: number;
  GATEWAY_WAF_THRESHOLD: number;
  GATEWAY_WAF_CUSTOM_RULES: string;
  GATEWAY_ENV_ALLOWLISTS: string;
  GATEWAY_REDIS_URL: string;
  GATEWAY_RATE_LIMIT_IP_PER_SECOND: number;
  GATEWAY_RATE_LIMIT_PRINCIPAL_PER_SECOND: number;
  GATEWAY_RATE_LIMIT_LOGIN_PER_MINUTE: number;
}
