import type { ConnectorContent } from '@fleet/contracts-catalog';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** A connector definition deployed to one environment. */
export class ConnectorDefinition {
  id!: string;
  environmentId!: string;
  name!: string;
  displayName!: string;
  content!: ConnectorContent;
  /** The deployment package it came from; null when put directly by an administrator. */
  packageId!: string | null;
  updatedAt!: Date;
}

export const definitionDefinition: EntityDefinition<ConnectorDefinition> = {
  target: ConnectorDefinition,
  table: 'connector_definitions',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    environmentId: { column: 'environment_id', kind: col.id() },
    name: { column: 'name', kind: col.string(80) },
    displayName: { column: 'display_name', kind: col.string(120) },
    content: { column: 'content', kind: col.json() },
    packageId: { column: 'package_id', kind: col.string(64), nullable: true },
    updatedAt: { column: 'updated_at', kind: col.timestamp() },
  },
  indices: [{ name: 'ux_connector_definitions_env_name', columns: ['environmentId', 'name'], unique: true }],
};

export const definitionEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, definitionDefinition)];
