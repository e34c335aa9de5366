import { DeploymentErrorCodes, type PackageFile, type SigningKeyReply } from '@fleet/contracts-deployment';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { DeploymentEnv } from '../config';
import { signedText } from '../packages/domain/package-content';
import { SigningKey, TrustedKey } from './key.entities';

/** The key id of a raw Ed25519 public key (base64url): the first 16 bytes of its SHA-256, base64url. */
export function keyIdOf(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest().subarray(0, 16).toString('base64url');
}

function publicKeyObject(publicKey: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
}

/**
 * This installation's Ed25519 package-signing key (generated once into its own database) and the
 * trust decision for imported packages: this key, `DEPLOYMENT_TRUSTED_KEYS`, or a key the
 * importing company added.
 */
@Injectable()
export class SigningService implements OnModuleInit {
  private key?: { keyId: string; publicKey: string; privateKey: KeyObject };
  private readonly installationTrust: Set<string>;

  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.config) config: { env: DeploymentEnv },
  ) {
    this.installationTrust = new Set(config.env.DEPLOYMENT_TRUSTED_KEYS.split(',').filter(Boolean));
  }

  async onModuleInit(): Promise<void> {
    const repo = this.ds.getRepository(SigningKey);
    let row = await repo.findOne({ where: { id: 'installation' } });
    if (!row) {
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      const raw = publicKey.export({ format: 'jwk' }).x!;
      const candidate: SigningKey = { id: 'installation', keyId: keyIdOf(raw), publicKey: raw, privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'), createdAt: new Date() };
      // replicas starting together race for the one row: the first insert wins, the others read it
      await repo.insert(candidate as never).catch(() => undefined);
      row = await repo.findOneOrFail({ where: { id: 'installation' } });
    }
    this.key = { keyId: row.keyId, publicKey: row.publicKey, privateKey: createPrivateKey({ key: Buffer.from(row.privateKey, 'base64'), format: 'der', type: 'pkcs8' }) };
  }

  publicKey(): SigningKeyReply {
    const k = this.required();
    return { alg: 'Ed25519', keyId: k.keyId, publicKey: k.publicKey };
  }

  /** The signature block of a package with this checksum. */
  sign(checksum: string): PackageFile['signature'] {
    const k = this.required();
    return { alg: 'Ed25519', keyId: k.keyId, publicKey: k.publicKey, value: sign(null, Buffer.from(signedText(checksum)), k.privateKey).toString('base64url') };
  }

  /**
   * Refuses a package file unless its signature verifies with the public key it names and that key
   * is trusted by this installation or by `companyId`. Returns the signer's key id.
   */
  async verifyTrusted(file: PackageFile, companyId: string): Promise<string> {
    const s = file.signature;
    const refuse = (why: string) => new FleetError(DeploymentErrorCodes.VALIDATION, `the package is refused: ${why}`, { fields: [{ path: 'file', reason: why }] });
    if (s?.alg !== 'Ed25519' || typeof s.publicKey !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(s.publicKey) || typeof s.value !== 'string') throw refuse('it carries no Ed25519 signature');
    let ok = false;
    try {
      ok = verify(null, Buffer.from(signedText(file.checksum)), publicKeyObject(s.publicKey), Buffer.from(s.value, 'base64url'));
    } catch {
      ok = false;
    }
    if (!ok) throw refuse('its signature does not verify');
    if (!(await this.trusted(s.publicKey, companyId))) throw refuse(`it is signed by key ${keyIdOf(s.publicKey)}, which this installation and company do not trust`);
    return keyIdOf(s.publicKey);
  }

  private async trusted(publicKey: string, companyId: string): Promise<boolean> {
    if (publicKey === this.required().publicKey || this.installationTrust.has(publicKey)) return true;
    return (await this.ds.getRepository(TrustedKey).count({ where: { companyId, keyId: keyIdOf(publicKey), publicKey } })) > 0;
  }

  private required(): NonNullable<SigningService['key']> {
    if (!this.key) throw new FleetError(DeploymentErrorCodes.UNAVAILABLE, 'the signing key is not loaded yet');
    return this.key;
  }
}
