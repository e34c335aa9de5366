import type { LockScope } from '@fleet/contracts-accounts';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LessThan, MoreThan, type EntityManager } from 'typeorm';
import type { RealmPolicy } from '../policy/realm-policy';
import { lockAfterFailure, lockedUntil, relevantSince } from './lockout';
import { LoginFailure } from './login-failure.entity';

/** What failures are counted against: the account (its e-mail) and the client address. */
export interface LockKey {
  scope: LockScope;
  subject: string;
}

/** Lockouts per account and per client address, from the `login_failures` table of one realm. */
@Injectable()
export class LockoutService {
  /** The latest lockout end in force for any of `keys`, or undefined. */
  async lockedUntil(m: EntityManager, realm: string, keys: LockKey[], policy: RealmPolicy, now: Date): Promise<Date | undefined> {
    let until: Date | undefined;
    for (const key of keys) {
      const u = lockedUntil(await this.failures(m, realm, key, policy, now), now);
      if (u && (!until || u > until)) until = u;
    }
    return until;
  }

  /** Records one failure per key; returns the keys this failure locked, with the lockout end. */
  async recordFailure(m: EntityManager, realm: string, keys: LockKey[], policy: RealmPolicy, now: Date): Promise<(LockKey & { until: Date })[]> {
    const locked: (LockKey & { until: Date })[] = [];
    for (const key of keys) {
      const repo = m.getRepository(LoginFailure);
      const until = lockAfterFailure(await this.failures(m, realm, key, policy, now), policy, now);
      await repo.insert({ id: randomUUID(), realm, scope: key.scope, subject: key.subject, createdAt: now, lockedUntil: until ?? null });
      await repo.delete({ realm, scope: key.scope, subject: key.subject, createdAt: LessThan(relevantSince(policy, now)) });
      if (until) locked.push({ ...key, until });
    }
    return locked;
  }

  /** A successful sign-in forgets the account's failures (not the address's). */
  async clearAccount(m: EntityManager, realm: string, email: string): Promise<void> {
    await m.getRepository(LoginFailure).delete({ realm, scope: 'account', subject: email });
  }

  private failures(m: EntityManager, realm: string, key: LockKey, policy: RealmPolicy, now: Date): Promise<LoginFailure[]> {
    return m.getRepository(LoginFailure).find({ where: { realm, scope: key.scope, subject: key.subject, createdAt: MoreThan(relevantSince(policy, now)) } });
  }
}
