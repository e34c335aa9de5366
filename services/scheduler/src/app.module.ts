import { Module } from '@nestjs/common';
import { SchedulerEngine } from './engine/scheduler-engine';
import { JobAccess } from './jobs/job-access';
import { JobsNatsController } from './jobs/jobs.nats.controller';
import { JobsService } from './jobs/jobs.service';
import { MaintenanceConsumer } from './jobs/maintenance.consumer';
import { SystemDuties } from './jobs/system-duties';
import { TimersNatsController } from './jobs/timers.nats.controller';
import { TimersService } from './jobs/timers.service';

/** Root module of scheduler: jobs, timers, runs, and the firing engine of this replica. */
@Module({
  controllers: [JobsNatsController, TimersNatsController],
  providers: [JobAccess, JobsService, TimersService, SystemDuties, SchedulerEngine, MaintenanceConsumer],
  exports: [JobsService],
})
export class SchedulerModule {}
