import { CancelTimerRequest, CreateTimerRequest, DeployJobsRequest, ReportRunRequest, SchedulerErrorCodes, SchedulerSubjects, type DeployJobsReply, type JobReply, type RunReply } from '@fleet/contracts-scheduler';
import { FleetError } from '@fleet/shared-errors';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Authorization, JobAccess } from './job-access';
import { DEPLOY_SERVICES, RUNTIME_SERVICES, TimersService } from './timers.service';

/** The runtime-facing subjects (work-portal's service token, or an environment administrator) and the deployment service's. */
@Controller()
export class TimersNatsController {
  constructor(
    private readonly timers: TimersService,
    private readonly access: JobAccess,
  ) {}

  @MessagePattern(SchedulerSubjects.timerCreate)
  async create(@Payload() req: CreateTimerRequest, @Authorization() auth: string | undefined): Promise<JobReply> {
    return this.timers.create(await this.access.caller(auth, RUNTIME_SERVICES), req);
  }

  @MessagePattern(SchedulerSubjects.timerCancel)
  async cancel(@Payload() req: CancelTimerRequest, @Authorization() auth: string | undefined): Promise<JobReply> {
    return this.timers.cancel(await this.access.caller(auth, RUNTIME_SERVICES), req);
  }

  @MessagePattern(SchedulerSubjects.runReport)
  async report(@Payload() req: ReportRunRequest, @Authorization() auth: string | undefined): Promise<RunReply> {
    return this.timers.report(await this.access.caller(auth, RUNTIME_SERVICES), req);
  }

  /** Internal: only the deployment service (its service token). */
  @MessagePattern(SchedulerSubjects.jobDeploy)
  async deploy(@Payload() req: DeployJobsRequest, @Authorization() auth: string | undefined): Promise<DeployJobsReply> {
    const caller = await this.access.caller(auth, DEPLOY_SERVICES);
    if (!caller.service) throw new FleetError(SchedulerErrorCodes.UNAUTHORIZED, 'only the deployment service may deploy jobs');
    return this.timers.deploy(req);
  }
}
