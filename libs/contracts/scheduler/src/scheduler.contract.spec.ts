import { describeServiceContract } from '@fleet/shared-testing';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import * as contract from './index';
import { CreateTimerRequest, ISO_CYCLE, ISO_DURATION, triggerMsgId } from './index';

describeServiceContract('scheduler', contract, {
  subjects: {
    healthCheck: 'scheduler.health.check',
    timerCreate: 'scheduler.timer.create',
    timerCancel: 'scheduler.timer.cancel',
    runReport: 'scheduler.run.report',
    runList: 'scheduler.run.list',
    jobList: 'scheduler.job.list',
    jobGet: 'scheduler.job.get',
    jobCreate: 'scheduler.job.create',
    jobUpdate: 'scheduler.job.update',
    jobDelete: 'scheduler.job.delete',
    jobEnable: 'scheduler.job.enable',
    jobDisable: 'scheduler.job.disable',
    jobRunNow: 'scheduler.job.run-now',
    jobReschedule: 'scheduler.job.reschedule',
    jobDeploy: 'scheduler.job.deploy',
    environmentPause: 'scheduler.environment.pause',
    environmentResume: 'scheduler.environment.resume',
    environmentGet: 'scheduler.environment.get',
  },
  events: { timerFired: 'scheduler.timer.fired', alarmFired: 'scheduler.alarm.fired', jobFired: 'scheduler.job.fired' },
  errorCodes: {
    VALIDATION: 'SCHEDULER.VALIDATION',
    UNAUTHORIZED: 'SCHEDULER.UNAUTHORIZED',
    FORBIDDEN: 'SCHEDULER.FORBIDDEN',
    NOT_FOUND: 'SCHEDULER.NOT_FOUND',
    CONFLICT: 'SCHEDULER.CONFLICT',
    INTERNAL: 'SCHEDULER.INTERNAL',
  },
});

describe('scheduler contract details', () => {
  it('should name one occurrence by job id and due time', () => {
    expect(triggerMsgId('j1', new Date('2026-01-01T00:00:00Z'))).toBe('j1@2026-01-01T00:00:00.000Z');
  });

  it.each(['PT10S', 'P1DT2H', 'P1W', 'PT0.5S', 'P1Y2M'])('should accept the duration %s', (d) => {
    expect(ISO_DURATION.test(d)).toBe(true);
  });

  it.each(['P', 'PT', '10S', 'P1H'])('should refuse the duration %s', (d) => {
    expect(ISO_DURATION.test(d)).toBe(false);
  });

  it.each(['R3/PT10S', 'R/PT1H', 'R5/2026-01-01T00:00:00Z/P1D'])('should accept the cycle %s', (c) => {
    expect(ISO_CYCLE.test(c)).toBe(true);
  });

  it('should name the bad field of a timer request', () => {
    const req = plainToInstance(CreateTimerRequest, { environmentId: 'x', key: 'k', schedule: { cycle: 'every 10 s' } });
    const fields = validateSync(req).map((e) => e.property);
    expect(fields).toEqual(expect.arrayContaining(['environmentId', 'schedule']));
  });
});
