import type { ConnectorContent } from '@fleet/contracts-catalog';
import type { PackageContent } from '@fleet/contracts-deployment';
import type { PackageHooks } from '@fleet/shared-package-receiver';
import { assertValidDefinitions, installDefinitions, type PackagedDefinition } from './definitions.service';

/** The package's `connector` artifacts as connector definitions (content is the catalog's canonical JSON). */
export function connectorsOf(pkg: PackageContent): PackagedDefinition[] {
  return pkg.artifacts.filter((a) => a.kind === 'connector').map((a) => ({ name: a.name, displayName: a.displayName, content: JSON.parse(a.content) as ConnectorContent }));
}

/**
 * What connector does with a deployed package: phase 1 checks every connector definition (a bad one
 * refuses the apply, nothing written); phase 2 installs them in the receiver's transaction, marked
 * with the apply id, replacing what the environment's previous package installed.
 */
export const connectorPackageHooks: PackageHooks = {
  stage: async (_environmentId, pkg) => assertValidDefinitions(connectorsOf(pkg)),
  install: async (environmentId, pkg, m, o) => installDefinitions(m, environmentId, o.applyId, connectorsOf(pkg)),
};
