import { KIT } from '@fleet/shared-service-kit';
import { ContractValidationPipe } from '@fleet/shared-validation';
import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { installGatewayEdge } from '../edge/edge.setup';
import { MaintenanceGate } from '../maintenance/maintenance-gate.service';
import { setupOpenApi } from '../openapi/openapi';
import { HttpErrorFilter } from './http-exception.filter';
import { HttpTracingInterceptor } from './tracing.interceptor';

/** Wires the gateway's HTTP behaviour: request ids on every response, one error filter, contract validation, a trace span per request, OpenAPI. */
export function configureHttp(app: INestApplication): void {
  const logger = app.get<Logger>(KIT.logger);
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', String(req.id));
  });
  // the edge (WAF, allowlists, rate limits) inspects every request before routing; then the maintenance gate
  installGatewayEdge(app, logger);
  app.get(MaintenanceGate).install(fastify);
  app.useGlobalFilters(new HttpErrorFilter(logger));
  app.useGlobalPipes(new ContractValidationPipe('GATEWAY'));
  app.useGlobalInterceptors(new HttpTracingInterceptor());
  setupOpenApi(app);
}
