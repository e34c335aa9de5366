import { FleetHeaders } from '@fleet/contracts-fleet';
import type { TokenVerifier } from '@fleet/shared-auth';
import { KIT } from '@fleet/shared-service-kit';
import { Controller, Inject, Module } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload, RpcException } from '@nestjs/microservices';
import { WafBlockLog, type WafBlockRecord } from './block-log';

/**
 * `gateway.waf.blocks.list` (request, Fleet services only: a `fleet`-realm service token):
 * `{ limit? }` → `{ total, blocks }`, the newest first, from this replica's ring. The management
 * console asks every replica (they answer in the `gateway` queue group, so one at a time) when it
 * builds traces; the subject moves into a contract library when the console consumes it.
 */
export const GatewayWafSubjects = { blocksList: 'gateway.waf.blocks.list' } as const;

export interface WafBlocksReply {
  total: number;
  blocks: WafBlockRecord[];
}

@Controller()
export class WafNatsController {
  constructor(
    private readonly log: WafBlockLog,
    @Inject(KIT.tokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  @MessagePattern(GatewayWafSubjects.blocksList)
  async list(@Payload() req: { limit?: number } | undefined, @Ctx() ctx: NatsContext): Promise<WafBlocksReply> {
    // Fleet services only (a `fleet`-realm service token): AUTH.UNAUTHORIZED otherwise
    try {
      const headers = ctx.getHeaders() as { get(name: string): string } | undefined;
      await this.verifier.verifyAuthorization(headers?.get(FleetHeaders.authorization) || undefined, { realm: 'fleet' });
    } catch (err) {
      // the gateway's NATS side has no kit exception filter: answer the error envelope itself
      const e = err as { code?: string; message?: string };
      throw new RpcException({ code: e.code ?? 'AUTH.UNAUTHORIZED', message: e.code ? (e.message ?? 'unauthorized') : 'unauthorized' });
    }
    const limit = typeof req?.limit === 'number' && Number.isInteger(req.limit) ? Math.min(Math.max(req.limit, 1), 1000) : 100;
    return { total: this.log.total, blocks: this.log.recent(limit) };
  }
}

@Module({
  controllers: [WafNatsController],
  providers: [{ provide: WafBlockLog, useValue: new WafBlockLog(1000) }],
  exports: [WafBlockLog],
})
export class WafModule {}
