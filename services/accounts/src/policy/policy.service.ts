import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_REALM_POLICY, type RealmPolicy } from './realm-policy';
import { RealmPolicyRecord } from './realm-policy.entity';

/** Reads realm policies; a realm without its own row gets the defaults. Scoped by company and realm. */
@Injectable()
export class PolicyService {
  constructor(@Inject(KIT.dataSource) private readonly ds: DataSource) {}

  /** The policy of `realm` in `companyId`; the defaults when the company is unknown (unknown user). */
  async policyOf(companyId: string | undefined, realm: string, m: EntityManager = this.ds.manager): Promise<RealmPolicy> {
    if (!companyId) return { ...DEFAULT_REALM_POLICY };
    const row = await m.getRepository(RealmPolicyRecord).findOne({ where: { companyId, realm } });
    if (!row) return { ...DEFAULT_REALM_POLICY };
    const { companyId: _c, realm: _r, updatedAt: _u, ...policy } = row;
    return policy;
  }

  /** Sets (part of) the policy of a realm; the rest keeps its current value. */
  async update(companyId: string, realm: string, change: Partial<RealmPolicy>): Promise<RealmPolicy> {
    return this.ds.transaction(async (m) => {
      const policy = { ...(await this.policyOf(companyId, realm, m)), ...change };
      const repo = m.getRepository(RealmPolicyRecord);
      await repo.delete({ companyId, realm });
      await repo.insert({ companyId, realm, ...policy, updatedAt: new Date() });
      return policy;
    });
  }
}
