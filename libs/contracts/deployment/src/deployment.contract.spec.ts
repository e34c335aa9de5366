import { describeServiceContract } from '@fleet/shared-testing';
import * as contract from './index';

describeServiceContract('deployment', contract, {
  subjects: { healthCheck: 'deployment.health.check' },
  events: {},
  errorCodes: { VALIDATION: 'DEPLOYMENT.VALIDATION', NOT_FOUND: 'DEPLOYMENT.NOT_FOUND', INTERNAL: 'DEPLOYMENT.INTERNAL' },
});
