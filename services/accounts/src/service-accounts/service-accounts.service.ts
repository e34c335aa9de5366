import {
  AccountsErrorCodes,
  AccountsEvents,
  INVALID_CREDENTIALS_MESSAGE,
  type ClientCredentialsRequest,
  type CreatedServiceAccountReply,
  type CreateServiceAccountRequest,
  type ServiceAccountChange,
  type ServiceAccountChangedEvent,
  type ServiceAccountListReply,
  type ServiceAccountReply,
  type ServiceTokenReply,
} from '@fleet/contracts-accounts';
import { FleetServices } from '@fleet/contracts-fleet';
import type { ServiceIdentity } from '@fleet/shared-auth';
import { FleetError } from '@fleet/shared-errors';
import { appendToOutbox, type OutboxRelay } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { ServiceAccount } from './service-account.entity';
import { ServiceTokenSigner } from './service-token-signer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FLEET_CLIENTS: readonly string[] = FleetServices;

/** Where a request came from, for the audit. */
export interface GrantMeta {
  clientIp?: string;
  correlationId?: string;
}

const refused = (): FleetError => new FleetError(AccountsErrorCodes.UNAUTHORIZED, INVALID_CREDENTIALS_MESSAGE);
const sha256 = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

function toReply(a: ServiceAccount): ServiceAccountReply {
  return {
    id: a.id,
    clientId: a.id,
    companyId: a.companyId,
    name: a.name,
    status: a.revokedAt ? 'revoked' : 'active',
    createdAt: a.createdAt.toISOString(),
    ...(a.revokedAt ? { revokedAt: a.revokedAt.toISOString() } : {}),
  };
}

/**
 * The client-credentials grant and customer service accounts. Fleet's own services authenticate
 * with `client_id` = their name and a secret derived from FLEET_SERVICE_SECRET; a company's
 * service account with its id and the random secret shown once at creation (only its SHA-256 is
 * kept). Every refused credential is the same `ACCOUNTS.UNAUTHORIZED`.
 */
@Injectable()
export class ServiceAccountsService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.outbox) private readonly outbox: OutboxRelay,
    @Inject(KIT.serviceIdentity) private readonly identity: ServiceIdentity,
    private readonly signer: ServiceTokenSigner,
  ) {}

  /**
   * The client-credentials grant. A customer account's grants, issued or refused, reach its
   * company's audit log (`accounts.service-account.changed`); Fleet's own services' do not (they
   * belong to no company and ask every few minutes).
   */
  async token(req: ClientCredentialsRequest, meta: GrantMeta = {}): Promise<ServiceTokenReply> {
    if (FLEET_CLIENTS.includes(req.client_id)) {
      if (!this.identity.isClientSecretOf(req.client_id, req.client_secret)) throw refused();
      return this.reply(await this.signer.sign({ kind: 'fleet', service: req.client_id }));
    }
    const account = UUID.test(req.client_id) ? await this.ds.getRepository(ServiceAccount).findOne({ where: { id: req.client_id } }) : null;
    // The hash is compared even for an unknown client, so both answers take the same time.
    const expected = account ? Buffer.from(account.secretHash, 'hex') : sha256(randomUUID());
    const matches = timingSafeEqual(sha256(req.client_secret), expected.length === 32 ? expected : sha256(''));
    if (!account) throw refused();
    if (!matches || account.revokedAt) {
      await this.record(account, 'token-refused', { ...meta, reason: matches ? 'revoked' : 'bad-secret' });
      throw refused();
    }
    const token = await this.signer.sign({ kind: 'customer', serviceAccountId: account.id, companyId: account.companyId });
    await this.record(account, 'token-issued', meta);
    return this.reply(token);
  }

  /** This process's own internal token (accounts never asks itself over NATS). */
  async ownToken(service: string): Promise<{ token: string; expiresAt: number }> {
    const started = Date.now();
    return { token: await this.signer.sign({ kind: 'fleet', service }), expiresAt: started + this.signer.ttlSeconds * 1000 };
  }

  async create(req: CreateServiceAccountRequest, createdBy: string, meta: GrantMeta = {}): Promise<CreatedServiceAccountReply> {
    const clientSecret = randomBytes(32).toString('base64url');
    const account: ServiceAccount = {
      id: randomUUID(),
      companyId: req.companyId,
      name: req.name.trim(),
      secretHash: sha256(clientSecret).toString('hex'),
      createdBy,
      createdAt: new Date(),
      revokedAt: null,
    };
    await this.ds.transaction(async (m) => {
      await m.insert(ServiceAccount, account);
      await this.appendChange(m, account, 'created', { actorId: createdBy, clientIp: meta.clientIp, correlationId: meta.correlationId });
    });
    this.outbox.nudge();
    return { ...toReply(account), clientSecret };
  }

  async list(companyId: string): Promise<ServiceAccountListReply> {
    const rows = await this.ds.getRepository(ServiceAccount).find({ where: { companyId }, order: { createdAt: 'DESC' } });
    return { items: rows.map(toReply) };
  }

  /** Revokes (idempotent): no new token is issued for it; tokens already issued expire within their lifetime. */
  async revoke(companyId: string, serviceAccountId: string, actorId?: string, meta: GrantMeta = {}): Promise<ServiceAccountReply> {
    const account = await this.ds.transaction(async (m) => {
      const done = await m.update(ServiceAccount, { id: serviceAccountId, companyId, revokedAt: IsNull() }, { revokedAt: new Date() });
      const row = await m.findOne(ServiceAccount, { where: { id: serviceAccountId, companyId } });
      // only the call that revoked it is recorded: a repeated revoke changes nothing
      if (row && done.affected) await this.appendChange(m, row, 'revoked', { actorId, clientIp: meta.clientIp, correlationId: meta.correlationId });
      return row;
    });
    if (!account) throw new FleetError(AccountsErrorCodes.NOT_FOUND, `service account ${serviceAccountId} does not exist in this company`);
    this.outbox.nudge();
    return toReply(account);
  }

  private async record(account: ServiceAccount, change: ServiceAccountChange, meta: GrantMeta & { reason?: string }): Promise<void> {
    await this.ds.transaction((m) => this.appendChange(m, account, change, meta));
    this.outbox.nudge();
  }

  private async appendChange(m: EntityManager, a: ServiceAccount, change: ServiceAccountChange, o: GrantMeta & { actorId?: string; reason?: string }): Promise<void> {
    const event: ServiceAccountChangedEvent = {
      serviceAccountId: a.id,
      companyId: a.companyId,
      name: a.name,
      change,
      ...(o.actorId ? { actorId: o.actorId } : {}),
      ...(o.clientIp ? { clientIp: o.clientIp } : {}),
      ...(o.reason ? { reason: o.reason } : {}),
      at: new Date().toISOString(),
    };
    await appendToOutbox(m, AccountsEvents.serviceAccountChanged, event, { correlationId: o.correlationId });
  }

  private reply(token: string): ServiceTokenReply {
    return { access_token: token, token_type: 'Bearer', expires_in: this.signer.ttlSeconds };
  }
}
