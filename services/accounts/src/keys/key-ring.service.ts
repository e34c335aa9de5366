import type { PublicJwk } from '@fleet/contracts-accounts';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8 } from 'jose';
import type { Logger } from 'pino';
import { In, LessThanOrEqual, type DataSource } from 'typeorm';
import { ACCOUNTS_SETTINGS, type AccountsSettings } from '../config';
import { decryptPrivateKey, encryptPrivateKey } from './key-encryption';
import { resolveKeyEncryptionKey } from './key-encryption-key';
import { needsRotation, publishable, retireAfter } from './key-rotation';
import { SigningKey } from './signing-key.entity';

type PrivateKey = Awaited<ReturnType<typeof importPKCS8>>;

/** The key that signs now. */
export interface ActiveKey {
  kid: string;
  key: PrivateKey;
  createdAt: Date;
}

/** How often a replica re-reads the keys, to pick up a key another replica generated. */
const RELOAD_MS = 10_000;

/**
 * The ES256 signing keys: generated on first start, rotated when the active one is older than
 * ACCOUNTS_KEY_ROTATION_HOURS, kept in the JWKS while tokens they signed may be valid. Replicas
 * agree through the unique `generation`: the loser of a race re-reads the winner's key.
 */
@Injectable()
export class KeyRing implements OnModuleInit {
  private kek!: Buffer;
  private active?: ActiveKey;
  private loadedAt = 0;
  private loading?: Promise<ActiveKey>;

  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.logger) private readonly logger: Logger,
    @Inject(ACCOUNTS_SETTINGS) private readonly settings: AccountsSettings,
  ) {}

  async onModuleInit(): Promise<void> {
    this.kek = resolveKeyEncryptionKey(this.settings.keyEncryptionKey, this.settings.dataDir, this.logger);
    await this.signingKey();
  }

  /** Seals a secret at rest with the key-encryption key (`context` binds it to its row, as the kid does for keys). */
  seal(context: string, plaintext: string): string {
    return encryptPrivateKey(this.kek, context, plaintext);
  }

  /** The plaintext of {@link seal}; throws when the context or the data is wrong. */
  unseal(context: string, sealed: string): string {
    return decryptPrivateKey(this.kek, context, sealed);
  }

  /** The key to sign with, rotating first when it is due. */
  async signingKey(): Promise<ActiveKey> {
    const now = new Date();
    const fresh = this.active && Date.now() - this.loadedAt < RELOAD_MS && !needsRotation(this.active.createdAt, this.settings.keyRotationMs, now);
    if (fresh && this.active) return this.active;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** The public keys to publish, read from the database (so a key of another replica is there at once). */
  async jwks(): Promise<PublicJwk[]> {
    const now = new Date();
    const keys = await this.ds.getRepository(SigningKey).find({ where: { status: In(['active', 'retiring']) }, order: { generation: 'DESC' } });
    return keys.filter((k) => publishable(k, now)).map((k) => JSON.parse(k.publicJwk) as PublicJwk);
  }

  private async load(): Promise<ActiveKey> {
    let current = await this.newest();
    if (!current || needsRotation(current.createdAt, this.settings.keyRotationMs, new Date())) {
      await this.generate(await this.nextGeneration());
      current = await this.newest();
      if (!current) throw new Error('no signing key after generating one');
    }
    await this.retireExpired();
    const pem = this.decrypt(current);
    this.active = { kid: current.kid, key: await importPKCS8(pem, 'ES256'), createdAt: current.createdAt };
    this.loadedAt = Date.now();
    return this.active;
  }

  private decrypt(key: SigningKey): string {
    try {
      return decryptPrivateKey(this.kek, key.kid, key.privateKeyEnc);
    } catch (err) {
      throw new Error(
        `cannot decrypt signing key ${key.kid}: ACCOUNTS_KEY_ENCRYPTION_KEY is not the key it was encrypted with (every replica needs the same value)`,
        { cause: err },
      );
    }
  }

  /** One above every generation ever used (retired keys included), so the unique index decides races only. */
  private async nextGeneration(): Promise<number> {
    const [top] = await this.ds.getRepository(SigningKey).find({ order: { generation: 'DESC' }, take: 1 });
    return (top?.generation ?? 0) + 1;
  }

  private newest(): Promise<SigningKey | null> {
    return this.ds.getRepository(SigningKey).findOne({ where: { status: 'active' }, order: { generation: 'DESC' } });
  }

  /** Inserts the key of `generation` and demotes older active keys; a lost race is not an error. */
  private async generate(generation: number): Promise<void> {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    const publicJwk: PublicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x ?? '', y: jwk.y ?? '', kid, alg: 'ES256', use: 'sig' };
    const now = new Date();
    const key: SigningKey = {
      kid,
      generation,
      alg: 'ES256',
      publicJwk: JSON.stringify(publicJwk),
      privateKeyEnc: encryptPrivateKey(this.kek, kid, await exportPKCS8(privateKey)),
      status: 'active',
      createdAt: now,
      retireAfter: null,
    };
    try {
      await this.ds.transaction(async (m) => {
        await m.insert(SigningKey, key);
        await m
          .createQueryBuilder()
          .update(SigningKey)
          .set({ status: 'retiring', retireAfter: retireAfter(now, this.settings.accessTokenTtlSeconds) })
          .where('status = :active AND generation < :generation', { active: 'active', generation })
          .execute();
      });
      this.logger.info({ kid, generation }, 'signing key generated');
    } catch (err) {
      if (!/unique|duplicate/i.test((err as Error).message)) throw err;
      this.logger.info({ generation }, 'another replica generated this signing key generation first: using it');
    }
  }

  /** Retiring keys past their time leave the JWKS for good; their private part is erased. */
  private async retireExpired(): Promise<void> {
    await this.ds
      .getRepository(SigningKey)
      .update({ status: 'retiring', retireAfter: LessThanOrEqual(new Date()) }, { status: 'retired', privateKeyEnc: '' });
  }
}
