import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { ServiceContext } from './service-context';
import { KIT } from './tokens';

/** Makes the process's infrastructure injectable in every module of the service. */
@Global()
@Module({})
export class FleetKitModule {
  static forContext(ctx: ServiceContext): DynamicModule {
    const providers = [
      { provide: KIT.config, useValue: ctx.config },
      { provide: KIT.logger, useValue: ctx.logger },
      { provide: KIT.dataSource, useValue: ctx.dataSource },
      { provide: KIT.rpc, useValue: ctx.rpc },
      { provide: KIT.outbox, useValue: ctx.outbox },
      { provide: KIT.events, useValue: ctx.events },
      { provide: KIT.metrics, useValue: ctx.metrics },
      { provide: KIT.nats, useValue: ctx.nats },
      { provide: KIT.tokenVerifier, useValue: ctx.tokenVerifier },
      { provide: KIT.serviceIdentity, useValue: ctx.serviceIdentity },
    ];
    return { module: FleetKitModule, providers, exports: providers.map((p) => p.provide) };
  }
}
