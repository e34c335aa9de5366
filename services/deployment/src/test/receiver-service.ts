import { createEventTablesV1, dropEventTablesV1 } from '@fleet/shared-events';
import { withPackageReceiver, type PackageHooks } from '@fleet/shared-package-receiver';
import type { ServiceDefinition } from '@fleet/shared-service-kit';
import { Module } from '@nestjs/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

class EventTables1700000000000 implements MigrationInterface {
  name = 'EventTables1700000000000';
  async up(qr: QueryRunner): Promise<void> {
    await createEventTablesV1(qr);
  }
  async down(qr: QueryRunner): Promise<void> {
    await dropEventTablesV1(qr);
  }
}

@Module({})
class EmptyModule {}

/**
 * A runtime service reduced to the package receiver (the shared lib, as work-portal and the others
 * mount it), under a real service name so it acknowledges with that service's identity.
 */
export function receiverService(name: string, hooks: PackageHooks = {}): ServiceDefinition {
  return withPackageReceiver({ name, entities: () => [], migrations: [EventTables1700000000000], module: EmptyModule }, hooks);
}
