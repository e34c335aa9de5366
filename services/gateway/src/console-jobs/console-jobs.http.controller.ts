import {
  CreateJobRequest,
  EnvironmentRequest,
  JobRefRequest,
  ListJobsRequest,
  ListRunsRequest,
  RescheduleJobRequest,
  SchedulerSubjects,
  UpdateJobRequest,
  type DeleteJobReply,
  type EnvironmentStateReply,
  type JobListReply,
  type JobReply,
  type RunListReply,
} from '@fleet/contracts-scheduler';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRealm, type CallerRequest } from '../auth/auth.decorators';
import { validateRequest } from '../http/path-params';
import { ApiContract } from '../openapi/api-contract.decorator';
import { Upstream } from '../upstream/upstream.service';

const E = [400, 401, 403, 404, 503, 504];

/**
 * The management console's scheduler pages (scheduler service): jobs of one environment, their
 * run history, enable/disable, run now, next run time, administrator-defined jobs, and pausing every
 * job of the environment (maintenance windows). Reading needs `environment.read`, changing
 * `environment.manage` (asked of platform by the scheduler with the caller's token).
 */
@ApiTags('console: jobs')
@RequireRealm('company')
@ApiParam({ name: 'environmentId', format: 'uuid' })
@Controller('api/v1/environments/:environmentId/console/jobs')
export class ConsoleJobsHttpController {
  constructor(private readonly upstream: Upstream) {}

  @Get()
  @ApiOperation({ summary: 'Jobs of the environment (view=waiting|executed, kind=user|system|wait|alarm), alphabetical' })
  @ApiContract({ query: 'ListJobsRequest', ok: 200, reply: 'JobListReply', errors: E })
  list(@Param() params: Record<string, string>, @Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<JobListReply> {
    return this.upstream.callAs(req, SchedulerSubjects.jobList, validateRequest(ListJobsRequest, params, query));
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an administrator-defined user job (cron with time zone, interval, one shot, ISO 8601 cycle)' })
  @ApiContract({ body: 'CreateJobRequest', ok: 201, reply: 'JobReply', errors: E })
  create(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<JobReply> {
    return this.upstream.callAs(req, SchedulerSubjects.jobCreate, validateRequest(CreateJobRequest, params, body));
  }

  @Get('status')
  @ApiOperation({ summary: 'Whether the environment’s jobs are paused, and how many jobs it has' })
  @ApiContract({ ok: 200, reply: 'EnvironmentStateReply', errors: E })
  status(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<EnvironmentStateReply> {
    return this.upstream.callAs(req, SchedulerSubjects.environmentGet, validateRequest(EnvironmentRequest, params, {}));
  }

  @Post('pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause every job of the environment (maintenance window)' })
  @ApiContract({ ok: 200, reply: 'EnvironmentStateReply', errors: E })
  pause(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<EnvironmentStateReply> {
    return this.upstream.callAs(req, SchedulerSubjects.environmentPause, validateRequest(EnvironmentRequest, params, {}));
  }

  @Post('resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume the environment’s jobs (occurrences missed meanwhile follow each job’s misfire policy)' })
  @ApiContract({ ok: 200, reply: 'EnvironmentStateReply', errors: E })
  resume(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<EnvironmentStateReply> {
    return this.upstream.callAs(req, SchedulerSubjects.environmentResume, validateRequest(EnvironmentRequest, params, {}));
  }

  @Get(':jobId')
  @ApiParam({ name: 'jobId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'JobReply', errors: E })
  get(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<JobReply> {
    return this.upstream.callAs(req, SchedulerSubjects.jobGet, validateRequest(JobRefRequest, params, {}));
  }

  @Patch(':jobId')
  @ApiOperation({ summary: 'Change an administrator-defined job (system and deployed jobs: 403)' })
  @ApiParam({ name: 'jobId', format: 'uuid' })
  @ApiContract({ body: 'UpdateJobRequest', ok: 200, reply: 'JobReply', errors: [...E, 409] })
  update(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<JobReply> {
    return this.upstream.callAs(req, SchedulerSubjects.jobUpdate, validateRequest(UpdateJobRequest, params, body));
  }

  @Delete(':jobId')
  @ApiOperation({ summary: 'Delete an administrator-defined job and its history' })
  @ApiParam({ name: 'jobId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'DeleteJobReply', errors: E })
  remove(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<DeleteJobReply> {
    return this.upstream.callAs(req, SchedulerSubjects.jobDelete, validateRequest(JobRefRequest, params, {}));
  }

  @Get(':jobId/runs')
  @ApiOperation({ summary: 'Execution log of a job, newest first' })
  @ApiParam({ name: 'jobId', format: 'uuid' })
  @ApiContract({ query: 'ListRunsRequest', ok: 200, reply: 'RunListReply', errors: E })
  runs(@Param() params: Record<string, string>, @Query() query: Record<string, string>, @Req() req: CallerRequest): Promise<RunListReply> {
    return this.upstream.callAs(req, SchedulerSubjects.runList, validateRequest(ListRunsRequest, params, query));
  }

  @Post(':jobId/enable')
  @HttpCode(200)
  @ApiParam({ name: 'jobId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'JobReply', errors: E })
  enable(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<JobReply> {
    return this.upstream.callAs(req, SchedulerSubjects.jobEnable, validateRequest(JobRefRequest, params, {}));
  }

  @Post(':jobId/disable')
  @HttpCode(200)
  @ApiParam({ name: 'jobId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'JobReply', errors: E })
  disable(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<JobReply> {
    return this.upstream.callAs(req, SchedulerSubjects.jobDisable, validateRequest(JobRefRequest, params, {}));
  }

  @Post(':jobId/run-now')
  @HttpCode(200)
  @ApiOperation({ summary: '"Set job now": a user job fires one extra time now; a wait job fires its pending occurrence now' })
  @ApiParam({ name: 'jobId', format: 'uuid' })
  @ApiContract({ ok: 200, reply: 'JobReply', errors: [...E, 409] })
  runNow(@Param() params: Record<string, string>, @Req() req: CallerRequest): Promise<JobReply> {
    return this.upstream.callAs(req, SchedulerSubjects.jobRunNow, validateRequest(JobRefRequest, params, {}));
  }

  @Put(':jobId/next-run')
  @ApiOperation({ summary: 'Edit the next run time' })
  @ApiParam({ name: 'jobId', format: 'uuid' })
  @ApiContract({ body: 'RescheduleJobRequest', ok: 200, reply: 'JobReply', errors: [...E, 409] })
  reschedule(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: CallerRequest): Promise<JobReply> {
    return this.upstream.callAs(req, SchedulerSubjects.jobReschedule, validateRequest(RescheduleJobRequest, params, body));
  }
}
