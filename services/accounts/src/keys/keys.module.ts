import { Module } from '@nestjs/common';
import { AccessTokenSigner } from '../tokens/access-token-signer';
import { KeyRing } from './key-ring.service';
import { KeysNatsController } from './keys.nats.controller';

/** Signing keys, the JWKS and access-token signing. */
@Module({ controllers: [KeysNatsController], providers: [KeyRing, AccessTokenSigner], exports: [KeyRing, AccessTokenSigner] })
export class KeysModule {}
