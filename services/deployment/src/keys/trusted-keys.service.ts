import { DeploymentErrorCodes, type AddTrustedKeyRequest, type RemoveTrustedKeyRequest, type TrustedKeyListReply, type TrustedKeyReply } from '@fleet/contracts-deployment';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DeploymentAudit } from '../audit/audit.service';
import { TrustedKey } from './key.entities';
import { keyIdOf } from './signing.service';

const toReply = (k: TrustedKey): TrustedKeyReply => ({ keyId: k.keyId, companyId: k.companyId, publicKey: k.publicKey, name: k.name, addedBy: k.addedBy, createdAt: k.createdAt.toISOString() });

/** The public keys a company trusts for package imports (besides its own installation's). */
@Injectable()
export class TrustedKeysService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    private readonly audit: DeploymentAudit,
  ) {}

  async add(req: AddTrustedKeyRequest, actorId: string): Promise<TrustedKeyReply> {
    const keyId = keyIdOf(req.publicKey);
    if (Buffer.from(req.publicKey, 'base64url').length !== 32) throw new FleetError(DeploymentErrorCodes.VALIDATION, 'publicKey must be 32 bytes', { fields: [{ path: 'publicKey', reason: 'must be a raw 32-byte Ed25519 key' }] });
    return this.ds.transaction(async (m) => {
      const existing = await m.getRepository(TrustedKey).findOne({ where: { companyId: req.companyId, keyId } });
      if (existing) return toReply(existing);
      const row: TrustedKey = { id: randomUUID(), companyId: req.companyId, keyId, publicKey: req.publicKey, name: req.name, addedBy: actorId, createdAt: new Date() };
      await m.getRepository(TrustedKey).insert(row as never);
      await this.audit.record(m, { companyId: req.companyId, action: 'trusted-key.added', actorId, subjectId: keyId, details: { name: req.name } });
      return toReply(row);
    });
  }

  async list(companyId: string): Promise<TrustedKeyListReply> {
    const rows = await this.ds.getRepository(TrustedKey).find({ where: { companyId }, order: { createdAt: 'ASC' } });
    return { items: rows.map(toReply) };
  }

  async remove(req: RemoveTrustedKeyRequest, actorId: string): Promise<TrustedKeyReply> {
    return this.ds.transaction(async (m) => {
      const row = await m.getRepository(TrustedKey).findOne({ where: { companyId: req.companyId, keyId: req.keyId } });
      if (!row) throw new FleetError(DeploymentErrorCodes.NOT_FOUND, `trusted key ${req.keyId} not found`);
      await m.getRepository(TrustedKey).delete({ id: row.id });
      await this.audit.record(m, { companyId: req.companyId, action: 'trusted-key.removed', actorId, subjectId: req.keyId });
      return toReply(row);
    });
  }
}
