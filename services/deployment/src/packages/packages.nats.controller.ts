import {
  BuildPackageRequest,
  DeploymentSubjects,
  GetPackageRequest,
  ImportPackageRequest,
  InspectPackageRequest,
  ListPackagesRequest,
  type InspectionReply,
  type PackageFileReply,
  type PackageListReply,
  type PackageReply,
} from '@fleet/contracts-deployment';
import { DeploymentErrorCodes } from '@fleet/contracts-deployment';
import type { Principal } from '@fleet/contracts-fleet';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { FleetError } from '@fleet/shared-errors';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { callerOf } from '../nats-context';
import { PlatformClient } from '../platform/platform.client';
import { PackagesService } from './packages.service';

@Controller()
export class PackagesNatsController {
  constructor(
    private readonly packages: PackagesService,
    private readonly platform: PlatformClient,
  ) {}

  @MessagePattern(DeploymentSubjects.packageBuild)
  async build(@Payload() req: BuildPackageRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<PackageReply> {
    const c = callerOf(ctx);
    await this.platform.require(c, 'project.deploy', 'project', req.projectId);
    const snapshot = await this.platform.tagSnapshot(c, req.projectId, req.tag);
    return this.packages.build(req, p.companyId, snapshot, p.sub);
  }

  @MessagePattern(DeploymentSubjects.packageList)
  async list(@Payload() req: ListPackagesRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<PackageListReply> {
    await this.platform.require(callerOf(ctx), 'project.read', 'project', req.projectId);
    return this.packages.list(req);
  }

  @MessagePattern(DeploymentSubjects.packageGet)
  async get(@Payload() req: GetPackageRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<PackageReply> {
    await this.platform.require(callerOf(ctx), 'project.read', 'project', req.projectId);
    return this.packages.get(req);
  }

  @MessagePattern(DeploymentSubjects.packageExport)
  async export(@Payload() req: GetPackageRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<PackageFileReply> {
    await this.platform.require(callerOf(ctx), 'project.read', 'project', req.projectId);
    return this.packages.export(req);
  }

  @MessagePattern(DeploymentSubjects.packageImport)
  async import(@Payload() req: ImportPackageRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<PackageReply> {
    await this.platform.require(callerOf(ctx), 'project.deploy', 'project', req.projectId);
    return this.packages.import(req, p.companyId, p.sub);
  }

  @MessagePattern(DeploymentSubjects.packageInspect)
  async inspect(@Payload() req: InspectPackageRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<InspectionReply> {
    const c = callerOf(ctx);
    await this.platform.require(c, 'project.read', 'project', req.projectId);
    const env = await this.platform.environment(c, req.environmentId);
    if (env.projectId !== req.projectId) throw new FleetError(DeploymentErrorCodes.NOT_FOUND, `environment ${req.environmentId} not found in project ${req.projectId}`);
    return this.packages.inspect(req.projectId, req.packageId, req.environmentId);
  }
}
