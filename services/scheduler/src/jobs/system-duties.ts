import type { BaseServiceConfig } from '@fleet/shared-config';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { In, LessThan, type DataSource } from 'typeorm';
import { schedulerSettings } from '../config';
import { Job, JobRun } from './job.entity';

/** The maintenance duties system jobs stand for, by job key. */
export const SystemJobs = {
  runRetention: { key: 'system:run-retention', name: 'Run history retention', cron: '0 3 * * *' },
} as const;

/** Runs system jobs in the scheduler itself (they are idempotent: a second run after a crash is harmless). */
@Injectable()
export class SystemDuties {
  private readonly retentionDays: number;

  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.config) config: BaseServiceConfig & { env: Record<string, unknown> },
  ) {
    this.retentionDays = schedulerSettings(config.env).retentionDays;
  }

  async run(job: Job, now: Date): Promise<void> {
    if (job.jobKey !== SystemJobs.runRetention.key) throw new Error(`unknown system job ${job.jobKey}`);
    const before = new Date(now.getTime() - this.retentionDays * 86_400_000);
    await this.ds.getRepository(JobRun).delete({ environmentId: job.environmentId, dueAt: LessThan(before) });
    await this.ds.getRepository(Job).delete({ environmentId: job.environmentId, kind: In(['wait', 'alarm']), state: In(['completed', 'cancelled']), updatedAt: LessThan(before) });
  }
}
