import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { ACCOUNTS_SETTINGS, type AccountsSettings } from '../config';
import { KeyRing } from '../keys/key-ring.service';
import { serviceTokenClaims, type ServiceTokenSubject } from './service-token-claims';

/** Signs service tokens with the same keys as users' access tokens (ES256, header `kid`). */
@Injectable()
export class ServiceTokenSigner {
  constructor(
    private readonly keys: KeyRing,
    @Inject(ACCOUNTS_SETTINGS) private readonly settings: AccountsSettings,
  ) {}

  get ttlSeconds(): number {
    return this.settings.accessTokenTtlSeconds;
  }

  async sign(subject: ServiceTokenSubject, now = new Date()): Promise<string> {
    const { kid, key } = await this.keys.signingKey();
    const claims = serviceTokenClaims(subject, { issuer: this.settings.issuer, ttlSeconds: this.settings.accessTokenTtlSeconds, now });
    return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' }).sign(key);
  }
}
