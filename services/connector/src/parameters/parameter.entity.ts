import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/**
 * A connector parameter of one environment (base URLs, user names, keys). A secret parameter never
 * holds its value: `secretRef` names it in the secrets provider, `value` stays null.
 */
export class ConnectorParameter {
  id!: string;
  environmentId!: string;
  name!: string;
  secret!: boolean;
  value!: string | null;
  secretRef!: string | null;
  updatedAt!: Date;
}

/** The outbound policy of one environment (no row: HTTPS to public addresses only). */
export class ConnectorSettings {
  environmentId!: string;
  allowHttp!: boolean;
  allowPrivateNetworks!: boolean;
  updatedAt!: Date;
}

export const parameterDefinition: EntityDefinition<ConnectorParameter> = {
  target: ConnectorParameter,
  table: 'connector_parameters',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    environmentId: { column: 'environment_id', kind: col.id() },
    name: { column: 'name', kind: col.string(80) },
    secret: { column: 'secret', kind: col.boolean() },
    value: { column: 'value', kind: col.text(), nullable: true },
    secretRef: { column: 'secret_ref', kind: col.string(200), nullable: true },
    updatedAt: { column: 'updated_at', kind: col.timestamp() },
  },
  indices: [{ name: 'ux_connector_parameters_env_name', columns: ['environmentId', 'name'], unique: true }],
};

export const settingsDefinition: EntityDefinition<ConnectorSettings> = {
  target: ConnectorSettings,
  table: 'connector_settings',
  columns: {
    environmentId: { column: 'environment_id', kind: col.id(), primary: true },
    allowHttp: { column: 'allow_http', kind: col.boolean() },
    allowPrivateNetworks: { column: 'allow_private_networks', kind: col.boolean() },
    updatedAt: { column: 'updated_at', kind: col.timestamp() },
  },
};

export const parameterEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, parameterDefinition), entitySchema(d, settingsDefinition)];
