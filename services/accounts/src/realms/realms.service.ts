import { AccountsErrorCodes, AccountsEvents, type RealmCreatedEvent, type RealmReply } from '@fleet/contracts-accounts';
import { FleetError } from '@fleet/shared-errors';
import { appendToOutbox, type OutboxRelay } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { Realm } from './realm.entity';

function toReply(r: Realm): RealmReply {
  return { id: r.id, name: r.name, kind: r.kind, companyId: r.companyId, createdAt: r.createdAt.toISOString() };
}

/** Realms. Every query is scoped by company id. */
@Injectable()
export class RealmsService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.outbox) private readonly outbox: OutboxRelay,
  ) {}

  /** Provisions the company realm inside the consumer's transaction; a second call is a no-op. */
  async provisionCompanyRealm(m: EntityManager, companyId: string, correlationId?: string): Promise<void> {
    const existing = await m.getRepository(Realm).findOne({ where: { companyId, name: 'company' } });
    if (existing) return;
    const realm: Realm = { id: randomUUID(), companyId, name: 'company', kind: 'company', createdAt: new Date() };
    await m.insert(Realm, realm);
    const event: RealmCreatedEvent = { realmId: realm.id, companyId, kind: 'company' };
    await appendToOutbox(m, AccountsEvents.realmCreated, event, { correlationId });
  }

  /** Call after the provisioning transaction committed. */
  published(): void {
    this.outbox.nudge();
  }

  async getCompanyRealm(companyId: string): Promise<RealmReply> {
    const r = await this.ds.getRepository(Realm).findOne({ where: { companyId, name: 'company' } });
    if (!r) throw new FleetError(AccountsErrorCodes.NOT_FOUND, `company ${companyId} has no realm (yet): the company may not exist, or its creation is still being processed`);
    return toReply(r);
  }
}
