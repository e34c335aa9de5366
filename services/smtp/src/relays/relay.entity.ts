import type { RelaySecurity } from '@fleet/contracts-smtp';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** An environment's own outbound relay. The password is sealed (AES-256-GCM, SMTP_SECRET_KEY). */
export class Relay {
  environmentId!: string;
  companyId!: string;
  enabled!: boolean;
  host!: string;
  port!: number;
  security!: RelaySecurity;
  username!: string | null;
  passwordSealed!: string | null;
  fromAddress!: string;
  updatedBy!: string;
  updatedAt!: Date;
}

export const relayDefinition: EntityDefinition<Relay> = {
  target: Relay,
  table: 'smtp_relays',
  columns: {
    environmentId: { column: 'environment_id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    enabled: { column: 'enabled', kind: col.boolean() },
    host: { column: 'host', kind: col.string(253) },
    port: { column: 'port', kind: col.int() },
    security: { column: 'security', kind: col.string(10) },
    username: { column: 'username', kind: col.string(200), nullable: true },
    passwordSealed: { column: 'password_sealed', kind: col.string(1000), nullable: true },
    fromAddress: { column: 'from_address', kind: col.string(254) },
    updatedBy: { column: 'updated_by', kind: col.string(64) },
    updatedAt: { column: 'updated_at', kind: col.timestamp() },
  },
};

export const relayEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, relayDefinition)];
