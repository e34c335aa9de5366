import type { EntityContent } from '@fleet/contracts-catalog';
import type { EnvironmentConfiguration, InspectedObject, PackageArtifact, PackageContent } from '@fleet/contracts-deployment';

export interface Inspection {
  firstDeployment: boolean;
  maintenance: boolean;
  maintenanceReasons: string[];
  objects: InspectedObject[];
  safe: boolean;
  reasons: string[];
}

const keyOf = (a: { kind: string; name: string }) => `${a.kind}:${a.name}`;

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Why an entity change would break the data stored under the deployed one (empty: compatible). */
export function entityIncompatibilities(name: string, before: string, after: string): string[] {
  const a = parseJson<EntityContent>(before);
  const b = parseJson<EntityContent>(after);
  if (!a || !b) return [];
  const reasons: string[] = [];
  const next = new Map((b.attributes ?? []).map((x) => [x.name, x]));
  for (const old of a.attributes ?? []) {
    const now = next.get(old.name);
    if (!now) reasons.push(`entity ${name}: attribute ${old.name} removed (disable it instead)`);
    else if (now.type !== old.type) reasons.push(`entity ${name}: attribute ${old.name} changes type ${old.type} → ${now.type}`);
    else if (now.required && !old.required) reasons.push(`entity ${name}: existing attribute ${old.name} becomes required`);
  }
  if ([...(a.key ?? [])].sort().join(',') !== [...(b.key ?? [])].sort().join(',')) reasons.push(`entity ${name}: business key changes`);
  return reasons;
}

function connectorAuth(content: string): string {
  return JSON.stringify(parseJson<{ auth?: unknown }>(content)?.auth ?? null);
}

/** Does this change need the maintenance window (data model, authentication settings, job definitions)? */
function maintenanceReason(kind: string, name: string, before: PackageArtifact | undefined, after: PackageArtifact | undefined): string | undefined {
  if (kind === 'entity') return `data model: entity ${name}`;
  if (kind === 'job') return `job definition: ${name}`;
  if (kind === 'connector' && (!before || !after || connectorAuth(before.content) !== connectorAuth(after.content))) return `authentication settings: connector ${name}`;
  return undefined;
}

/**
 * The object list of `next` against the package an environment runs now (`current`, undefined on
 * the first deployment), whether it needs the maintenance window, and whether it is safe: nothing
 * deployed is removed or renamed, and no entity change breaks stored data.
 */
export function inspect(next: PackageContent, current: PackageContent | undefined): Inspection {
  const acc: Accumulator = { objects: [], reasons: [], maintenance: new Set<string>() };
  const before = new Map((current?.artifacts ?? []).map((a) => [keyOf(a), a]));
  const beforeById = new Map((current?.artifacts ?? []).map((a) => [a.id, a]));
  for (const a of next.artifacts) compareOne(acc, a, before.get(keyOf(a)), beforeById.get(a.id));
  const nextKeys = new Set(next.artifacts.map(keyOf));
  const nextIds = new Set(next.artifacts.map((a) => a.id));
  for (const old of current?.artifacts ?? []) {
    if (nextKeys.has(keyOf(old)) || nextIds.has(old.id)) continue;
    acc.objects.push({ kind: old.kind, name: old.name, change: 'removed' });
    acc.reasons.push(`${old.kind} ${old.name} is deployed and would be deleted (disable it instead)`);
    const why = maintenanceReason(old.kind, old.name, old, undefined);
    if (why) acc.maintenance.add(why);
  }
  const firstDeployment = !current;
  if (firstDeployment) acc.maintenance.add('first deployment: seeds the environment configuration');
  return { firstDeployment, maintenance: acc.maintenance.size > 0, maintenanceReasons: [...acc.maintenance], objects: acc.objects, safe: acc.reasons.length === 0, reasons: acc.reasons };
}

interface Accumulator {
  objects: InspectedObject[];
  reasons: string[];
  maintenance: Set<string>;
}

/** One artifact of the new package against the deployed one of the same kind and name (or the same id: a rename). */
function compareOne(acc: Accumulator, a: PackageArtifact, old: PackageArtifact | undefined, sameId: PackageArtifact | undefined): void {
  if (!old && sameId && sameId.kind === a.kind) {
    acc.objects.push({ kind: a.kind, name: a.name, change: 'renamed', previousName: sameId.name });
    acc.reasons.push(`${a.kind} ${sameId.name} is deployed and would be renamed to ${a.name} (technical names never change)`);
    return;
  }
  const change = !old ? 'added' : old.contentHash === a.contentHash ? 'unchanged' : 'changed';
  acc.objects.push({ kind: a.kind, name: a.name, change });
  if (change === 'unchanged') return;
  const why = maintenanceReason(a.kind, a.name, old, a);
  if (why) acc.maintenance.add(why);
  if (old && change === 'changed' && a.kind === 'entity') acc.reasons.push(...entityIncompatibilities(a.name, old.content, a.content));
}

/** The configuration a first deployment seeds: parameter defaults, connector settings, auth defaults. */
export function seedConfiguration(p: PackageContent): EnvironmentConfiguration {
  const parameters: EnvironmentConfiguration['parameters'] = {};
  const connectors: EnvironmentConfiguration['connectors'] = {};
  for (const a of p.artifacts) {
    if (a.kind === 'parameter') {
      const c = parseJson<{ default?: string | number | boolean; secret?: boolean }>(a.content);
      parameters[a.name] = c?.secret ? null : (c?.default ?? null);
    }
    if (a.kind === 'connector') {
      const c = parseJson<{ auth?: Record<string, unknown>; timeoutMs?: number; retries?: number }>(a.content);
      connectors[a.name] = { auth: c?.auth ?? { type: 'none' }, timeoutMs: c?.timeoutMs ?? 30000, retries: c?.retries ?? 0 };
    }
  }
  return { parameters, connectors, auth: { mfa: 'off', idleTimeoutSeconds: 1200 } };
}
