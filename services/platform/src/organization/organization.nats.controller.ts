import type { Principal } from '@fleet/contracts-fleet';
import {
  CreateEnvironmentRequest,
  CreateProjectRequest,
  CreateSubscriptionRequest,
  DeleteProjectRequest,
  GetEnvironmentRequest,
  GetProjectRequest,
  GetSubscriptionRequest,
  ListEnvironmentsRequest,
  ListProjectsRequest,
  PlatformSubjects,
  SubscriptionListRequest,
  type EnvironmentListReply,
  type EnvironmentReply,
  type ProjectListReply,
  type ProjectReply,
  type SubscriptionListReply,
  type SubscriptionReply,
} from '@fleet/contracts-platform';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { metaOf } from '../correlation';
import { OrganizationService } from './organization.service';

@Controller()
export class OrganizationNatsController {
  constructor(private readonly org: OrganizationService) {}

  @MessagePattern(PlatformSubjects.subscriptionCreate)
  createSubscription(@Payload() req: CreateSubscriptionRequest, @CurrentPrincipal('company') p: Principal): Promise<SubscriptionReply> {
    return this.org.createSubscription(p, req);
  }

  @MessagePattern(PlatformSubjects.subscriptionList)
  async listSubscriptions(@Payload() req: SubscriptionListRequest, @CurrentPrincipal('company') p: Principal): Promise<SubscriptionListReply> {
    return { items: await this.org.listSubscriptions(p, req.companyId) };
  }

  @MessagePattern(PlatformSubjects.subscriptionGet)
  getSubscription(@Payload() req: GetSubscriptionRequest, @CurrentPrincipal('company') p: Principal): Promise<SubscriptionReply> {
    return this.org.getSubscription(p, req.subscriptionId);
  }

  @MessagePattern(PlatformSubjects.projectCreate)
  createProject(@Payload() req: CreateProjectRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<ProjectReply> {
    return this.org.createProject(p, req, metaOf(ctx));
  }

  @MessagePattern(PlatformSubjects.projectList)
  async listProjects(@Payload() _req: ListProjectsRequest, @CurrentPrincipal('company') p: Principal): Promise<ProjectListReply> {
    return { items: await this.org.listProjects(p) };
  }

  @MessagePattern(PlatformSubjects.projectGet)
  getProject(@Payload() req: GetProjectRequest, @CurrentPrincipal('company') p: Principal): Promise<ProjectReply> {
    return this.org.getProject(p, req.projectId);
  }

  @MessagePattern(PlatformSubjects.projectDelete)
  deleteProject(@Payload() req: DeleteProjectRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<ProjectReply> {
    return this.org.deleteProject(p, req.projectId, req.confirmName, metaOf(ctx));
  }

  @MessagePattern(PlatformSubjects.environmentCreate)
  createEnvironment(@Payload() req: CreateEnvironmentRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<EnvironmentReply> {
    return this.org.createEnvironment(p, req, metaOf(ctx));
  }

  @MessagePattern(PlatformSubjects.environmentList)
  async listEnvironments(@Payload() req: ListEnvironmentsRequest, @CurrentPrincipal('company') p: Principal): Promise<EnvironmentListReply> {
    return { items: await this.org.listEnvironments(p, req.projectId) };
  }

  @MessagePattern(PlatformSubjects.environmentGet)
  getEnvironment(@Payload() req: GetEnvironmentRequest, @CurrentPrincipal('company') p: Principal): Promise<EnvironmentReply> {
    return this.org.getEnvironment(p, req.environmentId);
  }
}
