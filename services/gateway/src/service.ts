import type { ServiceDefinition } from '@fleet/shared-service-kit';
import { GatewayModule } from './app.module';
import { gatewayEnv, type GatewayEnv } from './config';
import { GatewayMigrations } from './database/migrations';
import { wafClientErrorHandler } from './edge/client-error';
import { configureHttp } from './http/configure-http';
import { requestIdFor } from './http/request-id';

/** How the kit boots the gateway: an HTTP server on Fastify in front of the fleet. */
export const GatewayService: ServiceDefinition = {
  name: 'gateway',
  env: gatewayEnv,
  entities: () => [],
  migrations: GatewayMigrations,
  module: GatewayModule,
  http: {
    host: (env) => (env as unknown as GatewayEnv).GATEWAY_HOST,
    port: (env) => (env as unknown as GatewayEnv).GATEWAY_PORT,
    adapterOptions: (env) => ({
      bodyLimit: (env as unknown as GatewayEnv).GATEWAY_BODY_LIMIT_BYTES,
      requestIdHeader: false,
      genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => requestIdFor(req.headers['x-request-id']),
      clientErrorHandler: wafClientErrorHandler,
    }),
    configure: configureHttp,
  },
};
