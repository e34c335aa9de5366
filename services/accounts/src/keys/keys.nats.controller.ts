import { AccountsSubjects, type JwksReply } from '@fleet/contracts-accounts';
import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { KeyRing } from './key-ring.service';

@Controller()
export class KeysNatsController {
  constructor(private readonly keys: KeyRing) {}

  /** The JWKS: public keys only (the request has no fields). */
  @MessagePattern(AccountsSubjects.jwksGet)
  async jwks(): Promise<JwksReply> {
    return { keys: await this.keys.jwks() };
  }
}
