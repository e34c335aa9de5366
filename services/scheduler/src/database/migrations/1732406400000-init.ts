import { createEventTablesV1, dropEventTablesV1 } from '@fleet/shared-events';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Initial schema of scheduler: the outbox, inbox and dead-letter tables. */
export class Init1732406400000 implements MigrationInterface {
  name = 'Init1732406400000';

  async up(qr: QueryRunner): Promise<void> {
    await createEventTablesV1(qr);
  }

  async down(qr: QueryRunner): Promise<void> {
    await dropEventTablesV1(qr);
  }
}
