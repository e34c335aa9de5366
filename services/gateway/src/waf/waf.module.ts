import type { Principal } from '@fleet/contracts-fleet';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
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
  constructor(private readonly log: WafBlockLog) {}

  @MessagePattern(GatewayWafSubjects.blocksList)
  list(@Payload() req: { limit?: number } | undefined, @CurrentPrincipal('fleet') _caller: Principal): WafBlocksReply {
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
