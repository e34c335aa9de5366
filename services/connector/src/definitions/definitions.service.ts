import type { ConnectorContent } from '@fleet/contracts-catalog';
import { CONNECTOR_NAME_PATTERN, ConnectorContentDto, ConnectorErrorCodes, type DefinitionListReply, type DefinitionReply, type PutDefinitionRequest } from '@fleet/contracts-connector';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { In, IsNull, Not, type DataSource, type EntityManager } from 'typeorm';
import { ConnectorDefinition } from './definition.entity';

/** One definition a deployment package carries (the catalog artifact's name, display name and content). */
export interface PackagedDefinition {
  name: string;
  displayName?: string;
  content: ConnectorContent;
}

const toReply = (d: ConnectorDefinition): DefinitionReply => ({
  environmentId: d.environmentId,
  name: d.name,
  displayName: d.displayName,
  content: d.content as ConnectorContentDto,
  packageId: d.packageId,
  updatedAt: d.updatedAt.toISOString(),
});

function fieldErrors(errors: ValidationError[], prefix: string): { path: string; reason: string }[] {
  return errors.flatMap((e) => {
    const path = `${prefix}.${e.property}`;
    return e.children?.length ? fieldErrors(e.children, path) : [{ path, reason: Object.values(e.constraints ?? {}).join('; ') || 'invalid' }];
  });
}

/** Connector definitions deployed per environment. Authorization is the caller's job (controllers, the package receiver). */
@Injectable()
export class DefinitionsService {
  constructor(@Inject(KIT.dataSource) private readonly ds: DataSource) {}

  /**
   * Installs the connector definitions of a deployment package into an environment, in one
   * transaction: each one is created or replaced, and definitions an earlier package installed
   * that this package no longer has are removed (an environment runs one project's package).
   * Definitions put directly by administrators stay unless replaced by name. Every definition is
   * validated first (`CONNECTOR.VALIDATION` naming `definitions[i].…`, nothing changed).
   */
  async install(environmentId: string, packageId: string, definitions: PackagedDefinition[]): Promise<DefinitionListReply> {
    assertValidDefinitions(definitions);
    await this.ds.transaction((m) => installDefinitions(m, environmentId, packageId, definitions));
    return this.list(environmentId);
  }

  async put(req: PutDefinitionRequest): Promise<DefinitionReply> {
    const saved = await this.ds.transaction((m) => upsert(m, req.environmentId, req.name, req.displayName ?? req.name, req.content, null));
    return toReply(saved);
  }

  async list(environmentId: string): Promise<DefinitionListReply> {
    const rows = await this.ds.getRepository(ConnectorDefinition).find({ where: { environmentId }, order: { name: 'ASC' } });
    return { items: rows.map(toReply) };
  }

  /** The definition, or `CONNECTOR.NOT_FOUND`. */
  async get(environmentId: string, name: string): Promise<ConnectorDefinition> {
    const d = await this.ds.getRepository(ConnectorDefinition).findOne({ where: { environmentId, name } });
    if (!d) throw new FleetError(ConnectorErrorCodes.NOT_FOUND, `connector ${name} is not deployed in this environment`);
    return d;
  }

}

/** The content as plain JSON (DTO instances carry no extra state, but this keeps the stored text canonical). */
function plainContent(c: ConnectorContent): ConnectorContent {
  return JSON.parse(JSON.stringify(c)) as ConnectorContent;
}

/** `CONNECTOR.VALIDATION` naming `definitions[i].…` for the first bad definitions; nothing is written. */
export function assertValidDefinitions(definitions: PackagedDefinition[]): void {
  const fields = definitions.flatMap((d, i) => [
    ...(CONNECTOR_NAME_PATTERN.test(d.name ?? '') ? [] : [{ path: `definitions[${i}].name`, reason: 'not a connector name' }]),
    ...fieldErrors(validateSync(plainToInstance(ConnectorContentDto, d.content ?? {}) as object), `definitions[${i}].content`),
  ]);
  if (fields.length > 0) throw new FleetError(ConnectorErrorCodes.VALIDATION, 'invalid connector definitions', { fields });
}

/**
 * Inside the caller's transaction: each definition is created or replaced, and definitions an
 * earlier package installed that this one no longer has are removed (an environment runs one
 * project's package). Definitions put directly by administrators stay unless replaced by name.
 */
export async function installDefinitions(m: EntityManager, environmentId: string, packageId: string, definitions: PackagedDefinition[]): Promise<void> {
  const names = definitions.map((d) => d.name);
  const stale = { environmentId, packageId: Not(IsNull()), ...(names.length ? { name: Not(In(names)) } : {}) };
  await m.getRepository(ConnectorDefinition).delete(stale);
  for (const d of definitions) await upsert(m, environmentId, d.name, d.displayName ?? d.name, d.content, packageId);
}

async function upsert(m: EntityManager, environmentId: string, name: string, displayName: string, content: ConnectorContent, packageId: string | null): Promise<ConnectorDefinition> {
  const repo = m.getRepository(ConnectorDefinition);
  const existing = await repo.findOne({ where: { environmentId, name } });
  const row = Object.assign(existing ?? new ConnectorDefinition(), { id: existing?.id ?? randomUUID(), environmentId, name, displayName, content: plainContent(content), packageId, updatedAt: new Date() });
  return repo.save(row);
}
