import {
  AccountsErrorCodes,
  INVALID_CREDENTIALS_MESSAGE,
  type ClientCredentialsRequest,
  type CreatedServiceAccountReply,
  type CreateServiceAccountRequest,
  type ServiceAccountListReply,
  type ServiceAccountReply,
  type ServiceTokenReply,
} from '@fleet/contracts-accounts';
import { FleetServices } from '@fleet/contracts-fleet';
import type { ServiceIdentity } from '@fleet/shared-auth';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { IsNull, type DataSource } from 'typeorm';
import { ServiceAccount } from './service-account.entity';
import { ServiceTokenSigner } from './service-token-signer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FLEET_CLIENTS: readonly string[] = FleetServices;

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
    @Inject(KIT.serviceIdentity) private readonly identity: ServiceIdentity,
    private readonly signer: ServiceTokenSigner,
  ) {}

  async token(req: ClientCredentialsRequest): Promise<ServiceTokenReply> {
    if (FLEET_CLIENTS.includes(req.client_id)) {
      if (!this.identity.isClientSecretOf(req.client_id, req.client_secret)) throw refused();
      return this.reply(await this.signer.sign({ kind: 'fleet', service: req.client_id }));
    }
    const account = UUID.test(req.client_id) ? await this.ds.getRepository(ServiceAccount).findOne({ where: { id: req.client_id } }) : null;
    // The hash is compared even for an unknown client, so both answers take the same time.
    const expected = account ? Buffer.from(account.secretHash, 'hex') : sha256(randomUUID());
    const matches = timingSafeEqual(sha256(req.client_secret), expected.length === 32 ? expected : sha256(''));
    if (!account || !matches || account.revokedAt) throw refused();
    return this.reply(await this.signer.sign({ kind: 'customer', serviceAccountId: account.id, companyId: account.companyId }));
  }

  /** This process's own internal token (accounts never asks itself over NATS). */
  async ownToken(service: string): Promise<{ token: string; expiresAt: number }> {
    const started = Date.now();
    return { token: await this.signer.sign({ kind: 'fleet', service }), expiresAt: started + this.signer.ttlSeconds * 1000 };
  }

  async create(req: CreateServiceAccountRequest, createdBy: string): Promise<CreatedServiceAccountReply> {
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
    await this.ds.getRepository(ServiceAccount).insert(account);
    return { ...toReply(account), clientSecret };
  }

  async list(companyId: string): Promise<ServiceAccountListReply> {
    const rows = await this.ds.getRepository(ServiceAccount).find({ where: { companyId }, order: { createdAt: 'DESC' } });
    return { items: rows.map(toReply) };
  }

  /** Revokes (idempotent): no new token is issued for it; tokens already issued expire within their lifetime. */
  async revoke(companyId: string, serviceAccountId: string): Promise<ServiceAccountReply> {
    const repo = this.ds.getRepository(ServiceAccount);
    await repo.update({ id: serviceAccountId, companyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    const account = await repo.findOne({ where: { id: serviceAccountId, companyId } });
    if (!account) throw new FleetError(AccountsErrorCodes.NOT_FOUND, `service account ${serviceAccountId} does not exist in this company`);
    return toReply(account);
  }

  private reply(token: string): ServiceTokenReply {
    return { access_token: token, token_type: 'Bearer', expires_in: this.signer.ttlSeconds };
  }
}
