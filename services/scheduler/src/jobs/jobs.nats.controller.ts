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
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Authorization, JobAccess } from './job-access';
import { JobsService } from './jobs.service';

/** The management console's job operations (company-realm callers with environment.read / environment.manage). */
@Controller()
export class JobsNatsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly access: JobAccess,
  ) {}

  @MessagePattern(SchedulerSubjects.jobList)
  async list(@Payload() req: ListJobsRequest, @Authorization() auth: string | undefined): Promise<JobListReply> {
    return this.jobs.list(await this.access.caller(auth), req);
  }

  @MessagePattern(SchedulerSubjects.jobGet)
  async get(@Payload() req: JobRefRequest, @Authorization() auth: string | undefined): Promise<JobReply> {
    return this.jobs.get(await this.access.caller(auth), req.environmentId, req.jobId);
  }

  @MessagePattern(SchedulerSubjects.runList)
  async runs(@Payload() req: ListRunsRequest, @Authorization() auth: string | undefined): Promise<RunListReply> {
    return this.jobs.runs(await this.access.caller(auth), req);
  }

  @MessagePattern(SchedulerSubjects.jobCreate)
  async create(@Payload() req: CreateJobRequest, @Authorization() auth: string | undefined): Promise<JobReply> {
    return this.jobs.create(await this.access.caller(auth), req);
  }

  @MessagePattern(SchedulerSubjects.jobUpdate)
  async update(@Payload() req: UpdateJobRequest, @Authorization() auth: string | undefined): Promise<JobReply> {
    return this.jobs.update(await this.access.caller(auth), req);
  }

  @MessagePattern(SchedulerSubjects.jobDelete)
  async remove(@Payload() req: JobRefRequest, @Authorization() auth: string | undefined): Promise<DeleteJobReply> {
    return this.jobs.remove(await this.access.caller(auth), req.environmentId, req.jobId);
  }

  @MessagePattern(SchedulerSubjects.jobEnable)
  async enable(@Payload() req: JobRefRequest, @Authorization() auth: string | undefined): Promise<JobReply> {
    return this.jobs.setEnabled(await this.access.caller(auth), req.environmentId, req.jobId, true);
  }

  @MessagePattern(SchedulerSubjects.jobDisable)
  async disable(@Payload() req: JobRefRequest, @Authorization() auth: string | undefined): Promise<JobReply> {
    return this.jobs.setEnabled(await this.access.caller(auth), req.environmentId, req.jobId, false);
  }

  @MessagePattern(SchedulerSubjects.jobRunNow)
  async runNow(@Payload() req: JobRefRequest, @Authorization() auth: string | undefined): Promise<JobReply> {
    return this.jobs.runNow(await this.access.caller(auth), req.environmentId, req.jobId);
  }

  @MessagePattern(SchedulerSubjects.jobReschedule)
  async reschedule(@Payload() req: RescheduleJobRequest, @Authorization() auth: string | undefined): Promise<JobReply> {
    return this.jobs.reschedule(await this.access.caller(auth), req);
  }

  /** Maintenance windows: pause every job of the environment (also a service method, JobsService.pauseEnvironment). */
  @MessagePattern(SchedulerSubjects.environmentPause)
  async pause(@Payload() req: EnvironmentRequest, @Authorization() auth: string | undefined): Promise<EnvironmentStateReply> {
    return this.jobs.setEnvironmentPaused(await this.access.caller(auth, ['deployment']), req.environmentId, true, req.companyId);
  }

  @MessagePattern(SchedulerSubjects.environmentResume)
  async resume(@Payload() req: EnvironmentRequest, @Authorization() auth: string | undefined): Promise<EnvironmentStateReply> {
    return this.jobs.setEnvironmentPaused(await this.access.caller(auth, ['deployment']), req.environmentId, false, req.companyId);
  }

  @MessagePattern(SchedulerSubjects.environmentGet)
  async environment(@Payload() req: EnvironmentRequest, @Authorization() auth: string | undefined): Promise<EnvironmentStateReply> {
    return this.jobs.environmentState(await this.access.caller(auth), req.environmentId);
  }
}
