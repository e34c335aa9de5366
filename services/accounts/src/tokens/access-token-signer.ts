import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { ACCOUNTS_SETTINGS, type AccountsSettings } from '../config';
import { KeyRing } from '../keys/key-ring.service';
import { accessTokenClaims, type TokenSubject } from './access-token-claims';

/** Signs access tokens (ES256, header `kid`) with the key ring's active key. */
@Injectable()
export class AccessTokenSigner {
  constructor(
    private readonly keys: KeyRing,
    @Inject(ACCOUNTS_SETTINGS) private readonly settings: AccountsSettings,
  ) {}

  get ttlSeconds(): number {
    return this.settings.accessTokenTtlSeconds;
  }

  async sign(subject: TokenSubject, now = new Date()): Promise<string> {
    const { kid, key } = await this.keys.signingKey();
    const claims = accessTokenClaims(subject, { issuer: this.settings.issuer, ttlSeconds: this.settings.accessTokenTtlSeconds, now });
    return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' }).sign(key);
  }
}
