import { Module } from '@nestjs/common';

/** Root module of scheduler. Its capabilities arrive with their own issues; today it answers health checks. */
@Module({})
export class SchedulerModule {}
