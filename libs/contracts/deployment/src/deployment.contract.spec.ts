import { describeServiceContract } from '@fleet/shared-testing';
import * as contract from './index';

describeServiceContract('deployment', contract, {
  subjects: {
    healthCheck: 'deployment.health.check',
    packageBuild: 'deployment.package.build',
    packageList: 'deployment.package.list',
    packageGet: 'deployment.package.get',
    packageExport: 'deployment.package.export',
    packageImport: 'deployment.package.import',
    packageInspect: 'deployment.package.inspect',
    deploymentApply: 'deployment.deployment.apply',
    deploymentList: 'deployment.deployment.list',
    deploymentGet: 'deployment.deployment.get',
    maintenanceGet: 'deployment.maintenance.get',
    maintenanceOpen: 'deployment.maintenance.open',
    maintenanceClose: 'deployment.maintenance.close',
    maintenanceAnnounce: 'deployment.maintenance.announce',
    maintenanceList: 'deployment.maintenance.list',
    applyAcknowledge: 'deployment.apply.acknowledge',
    signingKeyGet: 'deployment.signing-key.get',
    trustedKeyAdd: 'deployment.trusted-key.add',
    trustedKeyList: 'deployment.trusted-key.list',
    trustedKeyRemove: 'deployment.trusted-key.remove',
  },
  events: {
    applyRequested: 'deployment.apply.requested',
    applyCommitted: 'deployment.apply.committed',
    applyAborted: 'deployment.apply.aborted',
    maintenanceChanged: 'deployment.maintenance.changed',
  },
  errorCodes: {
    VALIDATION: 'DEPLOYMENT.VALIDATION',
    UNAUTHORIZED: 'DEPLOYMENT.UNAUTHORIZED',
    FORBIDDEN: 'DEPLOYMENT.FORBIDDEN',
    NOT_FOUND: 'DEPLOYMENT.NOT_FOUND',
    CONFLICT: 'DEPLOYMENT.CONFLICT',
    UNAVAILABLE: 'DEPLOYMENT.UNAVAILABLE',
    INTERNAL: 'DEPLOYMENT.INTERNAL',
  },
});
