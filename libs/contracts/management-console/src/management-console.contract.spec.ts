import { describeServiceContract } from '@fleet/shared-testing';
import * as contract from './index';

describeServiceContract('management-console', contract, {
  subjects: { healthCheck: 'management-console.health.check' },
  events: {},
  errorCodes: { VALIDATION: 'MANAGEMENT_CONSOLE.VALIDATION', NOT_FOUND: 'MANAGEMENT_CONSOLE.NOT_FOUND', INTERNAL: 'MANAGEMENT_CONSOLE.INTERNAL' },
});
