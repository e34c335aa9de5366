import { BackendServices, healthCheckSubject, type HealthCheckReply } from '@fleet/contracts-fleet';
import type { BaseServiceConfig } from '@fleet/shared-config';
import { KIT } from '@fleet/shared-service-kit';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import type { GatewayEnv } from '../config';
import { Upstream } from '../upstream/upstream.service';

interface ServiceHealth {
  status: 'up' | 'down';
  error?: string;
  checks?: HealthCheckReply['checks'];
}

/** `GET /api/v1/health`: every backend service asked now, in parallel, over NATS. */
@ApiTags('health')
@Public()
@Controller('api/v1/health')
export class HealthHttpController {
  constructor(
    private readonly upstream: Upstream,
    @Inject(KIT.config) private readonly config: BaseServiceConfig & { env: GatewayEnv },
  ) {}

  @Get()
  @ApiOperation({ summary: 'Fleet health: each service measured now (NATS, database, migrations)' })
  @ApiResponse({ status: 200, description: 'every service is up', schema: { $ref: '#/components/schemas/FleetHealth' } })
  @ApiResponse({ status: 503, description: 'at least one service is down', schema: { $ref: '#/components/schemas/FleetHealth' } })
  async health(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const timeoutMs = this.config.env.GATEWAY_HEALTH_TIMEOUT_MS;
    const results = await Promise.all(
      BackendServices.map(async (service): Promise<[string, ServiceHealth]> => {
        try {
          const r = await this.upstream.call<HealthCheckReply>(healthCheckSubject(service), {}, String(req.id), { timeoutMs });
          const failing = Object.entries(r.checks ?? {}).find(([, c]) => c.status !== 'up');
          return [service, { status: r.status === 'up' ? 'up' : 'down', ...(failing ? { error: `${failing[0]}: ${failing[1].error ?? 'down'}` } : {}), checks: r.checks }];
        } catch (err) {
          return [service, { status: 'down', error: (err as Error).message }];
        }
      }),
    );
    const services = Object.fromEntries(results);
    const status = results.every(([, r]) => r.status === 'up') ? 'up' : 'down';
    if (status !== 'up') void reply.header('retry-after', '5');
    void reply.status(status === 'up' ? 200 : 503).send({ status, services });
  }
}
