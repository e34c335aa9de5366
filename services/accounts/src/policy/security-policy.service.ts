import { AccountsErrorCodes, COMPANY_REALM, environmentIdOf, type GetSecurityPolicyRequest, type SecurityPolicyReply, type UpdateSecurityPolicyRequest } from '@fleet/contracts-accounts';
import { FleetHeaders, type Principal } from '@fleet/contracts-fleet';
import { PlatformSubjects, type PermissionCheckReply, type PermissionCheckRequest } from '@fleet/contracts-platform';
import { FleetError } from '@fleet/shared-errors';
import type { RpcClient } from '@fleet/shared-nats';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { PolicyService } from './policy.service';
import type { RealmPolicy } from './realm-policy';

/** The API's view of a stored policy (`mfa` as a mode rather than a flag). */
export function securityPolicyReply(realm: string, p: RealmPolicy): SecurityPolicyReply {
  const { mfaRequired, ...rest } = p;
  return { realm, ...rest, mfa: mfaRequired ? 'email' : 'off' };
}

/**
 * The security policy of a company's realms, read and changed by the people who manage them:
 * the company realm by company administrators (`company.manage` on the caller's company), an
 * environment realm by whoever may manage that environment (`environment.manage`). platform decides,
 * asked with the caller's own token: an environment of another company is invisible (404).
 */
@Injectable()
export class SecurityPolicyService {
  constructor(
    @Inject(KIT.rpc) private readonly rpc: RpcClient,
    private readonly policies: PolicyService,
  ) {}

  async get(p: Principal, authorization: string | undefined, req: GetSecurityPolicyRequest): Promise<SecurityPolicyReply> {
    await this.authorize(p, authorization, req);
    return securityPolicyReply(req.realm, await this.policies.policyOf(p.companyId, req.realm));
  }

  async update(p: Principal, authorization: string | undefined, req: UpdateSecurityPolicyRequest): Promise<SecurityPolicyReply> {
    await this.authorize(p, authorization, req);
    const { realm, companyId: _addressed, mfa, ...fields } = req;
    const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<RealmPolicy>;
    const change: Partial<RealmPolicy> = { ...given, ...(mfa ? { mfaRequired: mfa === 'email' } : {}) };
    return securityPolicyReply(realm, await this.policies.update(p.companyId, realm, change));
  }

  private async authorize(p: Principal, authorization: string | undefined, { realm, companyId }: GetSecurityPolicyRequest): Promise<void> {
    if (p.kind !== 'user' || p.realm !== COMPANY_REALM || !authorization) throw new FleetError(AccountsErrorCodes.FORBIDDEN, 'only company administrators manage security policies');
    if (companyId && companyId !== p.companyId) throw new FleetError(AccountsErrorCodes.NOT_FOUND, `company ${companyId} does not exist`);
    const envId = environmentIdOf(realm);
    const check: PermissionCheckRequest = envId
      ? { action: 'environment.manage', resourceType: 'environment', resourceId: envId }
      : { action: 'company.manage', resourceType: 'company', resourceId: p.companyId };
    const answer = await this.rpc.request<PermissionCheckReply>(PlatformSubjects.permissionCheck, check, { headers: { [FleetHeaders.authorization]: authorization } });
    if (!answer.visible) throw new FleetError(AccountsErrorCodes.NOT_FOUND, envId ? `environment ${envId} does not exist` : 'company does not exist');
    if (!answer.allowed) throw new FleetError(AccountsErrorCodes.FORBIDDEN, `not allowed to manage the security policy of realm ${realm}`);
  }
}
