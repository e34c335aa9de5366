import { describeServiceContract } from '@fleet/shared-testing';
import * as contract from './index';

describeServiceContract('catalog', contract, {
  subjects: { healthCheck: 'catalog.health.check', tagSnapshot: 'catalog.tag.snapshot' },
  events: {},
  errorCodes: { VALIDATION: 'CATALOG.VALIDATION', NOT_FOUND: 'CATALOG.NOT_FOUND', FORBIDDEN: 'CATALOG.FORBIDDEN', INTERNAL: 'CATALOG.INTERNAL' },
});
