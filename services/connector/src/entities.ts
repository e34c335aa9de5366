import type { Dialect } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';
import { definitionEntities } from './definitions/definition.entity';
import { invocationEntities } from './invocations/invocation.entity';
import { parameterEntities } from './parameters/parameter.entity';

/** Every entity schema of connector for one engine. */
export function connectorEntities(d: Dialect): EntitySchema[] {
  return [...definitionEntities(d), ...parameterEntities(d), ...invocationEntities(d)];
}
