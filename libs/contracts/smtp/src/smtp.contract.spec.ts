import { describeServiceContract } from '@fleet/shared-testing';
import * as contract from './index';

describeServiceContract('smtp', contract, {
  subjects: { healthCheck: 'smtp.health.check' },
  events: {},
  errorCodes: { VALIDATION: 'SMTP.VALIDATION', NOT_FOUND: 'SMTP.NOT_FOUND', INTERNAL: 'SMTP.INTERNAL' },
});
