import type { ServiceIdentity } from '@fleet/shared-auth';
import type { EventConsumers } from '@fleet/shared-events';
import type { RpcClient } from '@fleet/shared-nats';
import { KIT, type ServiceDefinition } from '@fleet/shared-service-kit';
import { Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { PackageReceiver, type PackageHooks } from './package-receiver';
import { PackageReceiver1732838400000 } from './package-receiver.migration';
import { packageStageEntities } from './package-stage.entity';

export const PACKAGE_HOOKS = Symbol('fleet.packageHooks');
export const SERVICE_NAME = Symbol('fleet.packageReceiverService');

/** The receiver as a Nest provider: started once the app is up, stopped with it. Inject it to read `active(environmentId)`. */
@Injectable()
export class PackageReceiverHost implements OnApplicationBootstrap, OnModuleDestroy {
  readonly receiver: PackageReceiver;

  constructor(
    @Inject(SERVICE_NAME) service: string,
    @Inject(PACKAGE_HOOKS) hooks: PackageHooks,
    @Inject(KIT.dataSource) dataSource: DataSource,
    @Inject(KIT.events) events: EventConsumers,
    @Inject(KIT.rpc) rpc: RpcClient,
    @Inject(KIT.serviceIdentity) serviceIdentity: ServiceIdentity,
    @Inject(KIT.logger) logger: Logger,
  ) {
    this.receiver = new PackageReceiver({ service, dataSource, events, rpc, serviceIdentity, logger, hooks });
  }

  onApplicationBootstrap(): void {
    this.receiver.start();
  }

  onModuleDestroy(): void {
    this.receiver.stop();
  }
}

@Module({})
export class PackageReceiverModule {
  static register(service: string, hooks: PackageHooks): DynamicModule {
    return {
      module: PackageReceiverModule,
      providers: [{ provide: SERVICE_NAME, useValue: service }, { provide: PACKAGE_HOOKS, useValue: hooks }, PackageReceiverHost],
      exports: [PackageReceiverHost],
    };
  }
}

/**
 * Mounts the package receiver in a runtime service: its table and migration are added to the
 * service's own, and its consumers start with the service. `hooks` is what the service does with a
 * package (none: it is only recorded, readable through `PackageReceiverHost.receiver.active()`).
 */
export function withPackageReceiver(def: ServiceDefinition, hooks: PackageHooks = {}): ServiceDefinition {
  @Module({ imports: [def.module, PackageReceiverModule.register(def.name, hooks)] })
  class ServiceWithPackageReceiver {}
  return {
    ...def,
    entities: (d) => [...def.entities(d), ...packageStageEntities(d)],
    migrations: inTimestampOrder([...def.migrations, PackageReceiver1732838400000]),
    module: ServiceWithPackageReceiver,
  };
}

/** TypeORM runs migrations in the order of the timestamp ending their class name: list them that way too. */
function inTimestampOrder<T extends { name: string }>(migrations: T[]): T[] {
  const stamp = (m: T): number => Number(/(\d{13})$/.exec(m.name)?.[1] ?? 0);
  return [...migrations].sort((a, b) => stamp(a) - stamp(b));
}
