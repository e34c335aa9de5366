import { describeServiceContract } from '@fleet/shared-testing';
import * as contract from './index';

describeServiceContract('scheduler', contract, {
  subjects: { healthCheck: 'scheduler.health.check' },
  events: {},
  errorCodes: { VALIDATION: 'SCHEDULER.VALIDATION', NOT_FOUND: 'SCHEDULER.NOT_FOUND', INTERNAL: 'SCHEDULER.INTERNAL' },
});
