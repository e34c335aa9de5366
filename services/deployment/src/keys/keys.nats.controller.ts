import { AddTrustedKeyRequest, DeploymentSubjects, ListTrustedKeysRequest, RemoveTrustedKeyRequest, SigningKeyRequest, type SigningKeyReply, type TrustedKeyListReply, type TrustedKeyReply } from '@fleet/contracts-deployment';
import type { Principal } from '@fleet/contracts-fleet';
import { CurrentPrincipal } from '@fleet/shared-auth';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { callerOf } from '../nats-context';
import { PlatformClient } from '../platform/platform.client';
import { SigningService } from './signing.service';
import { TrustedKeysService } from './trusted-keys.service';

@Controller()
export class KeysNatsController {
  constructor(
    private readonly signing: SigningService,
    private readonly trusted: TrustedKeysService,
    private readonly platform: PlatformClient,
  ) {}

  /** Any company user: the public key is what another installation needs to trust this one. */
  @MessagePattern(DeploymentSubjects.signingKeyGet)
  signingKey(@Payload() _req: SigningKeyRequest, @CurrentPrincipal('company') _p: Principal): SigningKeyReply {
    return this.signing.publicKey();
  }

  @MessagePattern(DeploymentSubjects.trustedKeyAdd)
  async add(@Payload() req: AddTrustedKeyRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<TrustedKeyReply> {
    await this.platform.require(callerOf(ctx), 'company.manage', 'company', req.companyId);
    return this.trusted.add(req, p.sub);
  }

  @MessagePattern(DeploymentSubjects.trustedKeyList)
  async list(@Payload() req: ListTrustedKeysRequest, @CurrentPrincipal('company') _p: Principal, @Ctx() ctx: NatsContext): Promise<TrustedKeyListReply> {
    await this.platform.require(callerOf(ctx), 'company.manage', 'company', req.companyId);
    return this.trusted.list(req.companyId);
  }

  @MessagePattern(DeploymentSubjects.trustedKeyRemove)
  async remove(@Payload() req: RemoveTrustedKeyRequest, @CurrentPrincipal('company') p: Principal, @Ctx() ctx: NatsContext): Promise<TrustedKeyReply> {
    await this.platform.require(callerOf(ctx), 'company.manage', 'company', req.companyId);
    return this.trusted.remove(req, p.sub);
  }
}
