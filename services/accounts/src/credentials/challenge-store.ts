import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import type { User } from '../users/user.entity';
import { AuthChallenge, type ChallengeKind } from './auth-challenge.entity';

/** Lifetimes of the one-time secrets. */
export const CHALLENGE_TTL_SECONDS: Record<ChallengeKind, number> = { 'password-reset': 30 * 60, 'password-change': 10 * 60, mfa: 5 * 60 };
/** Wrong codes an MFA ticket survives; the last one burns it. */
export const MFA_MAX_ATTEMPTS = 5;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** A new 6-digit one-time code (uniform, from the CSPRNG). */
export const newOneTimeCode = (): string => randomInt(0, 1_000_000).toString().padStart(6, '0');

/** Whether `code` is the one whose hash is `codeHash` (constant time). */
export function codeMatches(codeHash: string | null, code: string): boolean {
  if (!codeHash) return false;
  return timingSafeEqual(Buffer.from(codeHash, 'hex'), Buffer.from(sha256(code), 'hex'));
}

/** Stores a one-time secret (hashed) in the caller's transaction and returns it with its expiry. */
export async function issueChallenge(
  m: EntityManager,
  kind: ChallengeKind,
  user: User,
  now: Date,
  o: { clientIp?: string; code?: string } = {},
): Promise<{ secret: string; expiresAt: Date }> {
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_SECONDS[kind] * 1000);
  await m.insert(AuthChallenge, {
    id: randomUUID(),
    kind,
    secretHash: sha256(secret),
    codeHash: o.code ? sha256(o.code) : null,
    userId: user.id,
    companyId: user.companyId,
    realm: user.realm,
    clientIp: o.clientIp ?? null,
    attempts: 0,
    expiresAt,
    usedAt: null,
    createdAt: now,
  });
  return { secret, expiresAt };
}

/** The live (unused, unexpired, attempts left) challenge of that kind for `secret`, or undefined. */
export async function findLiveChallenge(m: EntityManager, kind: ChallengeKind, secret: string, now: Date): Promise<AuthChallenge | undefined> {
  const row = await m.getRepository(AuthChallenge).findOne({ where: { secretHash: sha256(secret), kind } });
  if (!row || row.usedAt || row.expiresAt.getTime() <= now.getTime()) return undefined;
  if (kind === 'mfa' && row.attempts >= MFA_MAX_ATTEMPTS) return undefined;
  return row;
}

/** Marks the challenge used; false when a concurrent use won (only the first use counts). */
export async function consumeChallenge(m: EntityManager, row: AuthChallenge, now: Date): Promise<boolean> {
  const r = await m.getRepository(AuthChallenge).update({ id: row.id, usedAt: IsNull() }, { usedAt: now });
  return (r.affected ?? 0) > 0;
}

/** Counts a wrong code; the last allowed attempt burns the ticket. */
export async function countWrongCode(m: EntityManager, row: AuthChallenge, now: Date): Promise<void> {
  const attempts = row.attempts + 1;
  await m.getRepository(AuthChallenge).update({ id: row.id }, { attempts, ...(attempts >= MFA_MAX_ATTEMPTS ? { usedAt: now } : {}) });
}

/** Burns every unused challenge of a kind for a user (a new reset token replaces the previous ones). */
export async function burnChallenges(m: EntityManager, userId: string, kind: ChallengeKind, now: Date): Promise<void> {
  await m.getRepository(AuthChallenge).update({ userId, kind, usedAt: IsNull() }, { usedAt: now });
}
