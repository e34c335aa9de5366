import { vars, type EnvSpec } from '@fleet/shared-config';

/** The gateway's own settings (on top of the base ones in ARCHITECTURE.md). */
export const gatewayEnv = {
  GATEWAY_PORT: vars.port('HTTP port of the public API', 8080),
  GATEWAY_HOST: vars.host('bind address of the public API', '127.0.0.1'),
  GATEWAY_HEALTH_TIMEOUT_MS: vars.int('how long GET /api/v1/health waits for each service, in ms', 1500, 100, 10000),
  GATEWAY_BODY_LIMIT_BYTES: vars.int('largest accepted request body, in bytes', 1048576, 1024, 104857600),
  GATEWAY_MAINTENANCE_REFRESH_MS: vars.int('how often the maintenance gate reloads every window from deployment (besides the events), in ms', 10000, 200, 600000),
  GATEWAY_MAINTENANCE_RETRY_AFTER_S: vars.int('Retry-After of a Work Portal route answered 503 during maintenance, in seconds', 30, 1, 3600),
} satisfies EnvSpec;

export interface GatewayEnv {
  GATEWAY_PORT: number;
  GATEWAY_HOST: string;
  GATEWAY_HEALTH_TIMEOUT_MS: number;
  GATEWAY_BODY_LIMIT_BYTES: number;
  GATEWAY_MAINTENANCE_REFRESH_MS: number;
  GATEWAY_MAINTENANCE_RETRY_AFTER_S: number;
}
