import { describeServiceContract } from '@fleet/shared-testing';
import * as contract from './index';

describeServiceContract('connector', contract, {
  subjects: { healthCheck: 'connector.health.check' },
  events: {},
  errorCodes: { VALIDATION: 'CONNECTOR.VALIDATION', NOT_FOUND: 'CONNECTOR.NOT_FOUND', INTERNAL: 'CONNECTOR.INTERNAL' },
});
