import { Module } from '@nestjs/common';
import { Upstream } from '../upstream/upstream.service';
import { ConsoleJobsHttpController } from './console-jobs.http.controller';

/** HTTP routes of the scheduler's console operations. */
@Module({ controllers: [ConsoleJobsHttpController], providers: [Upstream] })
export class ConsoleJobsRoutesModule {}
