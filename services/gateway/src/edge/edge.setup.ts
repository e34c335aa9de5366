import type { BaseServiceConfig } from '@fleet/shared-config';
import { KIT } from '@fleet/shared-service-kit';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import type { GatewayEnv } from '../config';
import { WafBlockLog } from '../waf/block-log';
import { clientErrorSink } from './client-error';
import { installEdge } from './install-edge';

/** Edge protection of the gateway (WAF, rate limits, environment allowlists): see ARCHITECTURE.md "Edge". */
export function installGatewayEdge(app: INestApplication, logger: Logger): void {
  const config = app.get<BaseServiceConfig & { env: GatewayEnv }>(KIT.config);
  const blockLog = app.get(WafBlockLog);
  clientErrorSink.blockLog = blockLog;
  clientErrorSink.warn = (obj, msg) => logger.warn(obj, msg);
  const edge = installEdge(app, { env: config.env, subjectPrefix: config.nats.subjectPrefix, logger, blockLog });
  const fastify = app.getHttpAdapter().getInstance() as { addHook(name: 'onClose', fn: () => Promise<void>): void };
  fastify.addHook('onClose', () => edge.close());
  logger.info({ waf: config.env.GATEWAY_WAF_MODE, paranoia: config.env.GATEWAY_WAF_PARANOIA, threshold: config.env.GATEWAY_WAF_THRESHOLD, redis: !!config.env.GATEWAY_REDIS_URL }, 'edge protection installed');
}
