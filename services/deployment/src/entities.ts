import type { Dialect } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';
import { auditEntities } from './audit/deployment-audit.entity';
import { deploymentEntities } from './deployments/deployment.entities';
import { keyEntities } from './keys/key.entities';
import { maintenanceEntities } from './maintenance/maintenance-window.entity';
import { packageEntities } from './packages/package.entity';

/** Every entity schema of deployment for one engine. */
export function deploymentServiceEntities(d: Dialect): EntitySchema[] {
  return [...keyEntities(d), ...packageEntities(d), ...deploymentEntities(d), ...maintenanceEntities(d), ...auditEntities(d)];
}
