import { describeServiceContract } from '@fleet/shared-testing';
import * as contract from './index';

describeServiceContract('work-portal', contract, {
  subjects: { healthCheck: 'work-portal.health.check', taskCompleteByMail: 'work-portal.task.complete-by-mail', caseStart: 'work-portal.case.start' },
  events: {},
  errorCodes: { VALIDATION: 'WORK_PORTAL.VALIDATION', NOT_FOUND: 'WORK_PORTAL.NOT_FOUND', INTERNAL: 'WORK_PORTAL.INTERNAL' },
});
