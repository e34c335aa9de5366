import { AccountsSubjects } from '@fleet/contracts-accounts';
import { FleetErrorCodes } from '@fleet/contracts-fleet';
import { PlatformErrorCodes } from '@fleet/contracts-platform';
import { AuthErrorCodes, type ServiceIdentity } from '@fleet/shared-auth';
import { FleetError } from '@fleet/shared-errors';
import type { RpcClient } from '@fleet/shared-nats';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';

export interface NewIdentity {
  companyId: string;
  email: string;
  displayName: string;
  password?: string;
  mustChangePassword?: boolean;
}

/**
 * platform's calls to accounts, which owns identities and credentials. accounts being down is
 * answered `PLATFORM.UNAVAILABLE` (retry), its own validation errors keep their code and fields.
 * These subjects are internal: platform calls them as itself (its `svc:platform` service token),
 * never with the user's token.
 */
@Injectable()
export class AccountsClient {
  constructor(
    @Inject(KIT.rpc) private readonly rpc: RpcClient,
    @Inject(KIT.serviceIdentity) private readonly identity: ServiceIdentity,
  ) {}

  async createCompanyUser(i: NewIdentity, correlationId?: string): Promise<{ userId: string; created: boolean }> {
    return this.call(AccountsSubjects.userCreate, { realm: 'company', ...i }, correlationId);
  }

  async createEnvironmentUser(environmentId: string, i: NewIdentity, correlationId?: string): Promise<{ userId: string; created: boolean }> {
    return this.call(AccountsSubjects.userCreate, { realm: `env:${environmentId}`, ...i }, correlationId);
  }

  async deactivate(companyId: string, userId: string, correlationId?: string): Promise<void> {
    await this.call(AccountsSubjects.userDeactivate, { companyId, userId }, correlationId);
  }

  private async call<T>(subject: string, data: object, correlationId?: string): Promise<T> {
    try {
      return await this.identity.request<T>(this.rpc, subject, data, { correlationId });
    } catch (err) {
      if (err instanceof FleetError && (err.code === FleetErrorCodes.UNAVAILABLE || err.code === FleetErrorCodes.TIMEOUT || err.code === AuthErrorCodes.UNAVAILABLE)) {
        throw new FleetError(PlatformErrorCodes.UNAVAILABLE, 'the identity service is unavailable; retry shortly', undefined, { cause: err });
      }
      throw err;
    }
  }
}
