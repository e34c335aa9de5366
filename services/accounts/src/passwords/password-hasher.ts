import { Injectable, type OnModuleInit } from '@nestjs/common';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** argon2id with OWASP's baseline parameters (m = 19 MiB, t = 2, p = 1). */
export const ARGON2_OPTIONS = {
  algorithm: 2 as Algorithm, // Argon2id (a const enum in the typings, so spelled as its value)
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * Hashes and verifies passwords. `verifyOrDummy` always does the work of one verification, even
 * without a stored hash, so an unknown user costs the same time as a wrong password.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummy?: Promise<string>;

  /** Computes the dummy hash before the first request, so the first unknown user is not slower. */
  async onModuleInit(): Promise<void> {
    await this.dummyHash();
  }

  hash(password: string): Promise<string> {
    return hash(password, ARGON2_OPTIONS);
  }

  /** Verifies against `stored`, or against a dummy hash when there is none (and answers false). */
  async verifyOrDummy(stored: string | null | undefined, password: string): Promise<boolean> {
    if (stored) return verify(stored, password).catch(() => false);
    await verify(await this.dummyHash(), password).catch(() => false);
    return false;
  }

  private dummyHash(): Promise<string> {
    this.dummy ??= hash('dummy password that no one can guess: timing only', ARGON2_OPTIONS);
    return this.dummy;
  }
}
