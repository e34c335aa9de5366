import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** What a one-time secret is for. */
export type ChallengeKind = 'password-reset' | 'password-change' | 'mfa';

/**
 * A one-time, expiring secret handed to a user: a password-reset token (e-mailed), the ticket of a
 * sign-in that must change its password, or the ticket of an MFA sign-in with its e-mailed code.
 * Only SHA-256 of the secret (and of the code) is stored; `used_at` is set by a conditional update,
 * so only the first use wins.
 */
export class AuthChallenge {
  id!: string;
  kind!: ChallengeKind;
  secretHash!: string;
  /** SHA-256 of the e-mailed one-time code (mfa only). */
  codeHash!: string | null;
  userId!: string;
  companyId!: string;
  realm!: string;
  clientIp!: string | null;
  attempts!: number;
  expiresAt!: Date;
  usedAt!: Date | null;
  createdAt!: Date;
}

export const authChallengeDefinition: EntityDefinition<AuthChallenge> = {
  target: AuthChallenge,
  table: 'auth_challenges',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    kind: { column: 'kind', kind: col.string(20) },
    secretHash: { column: 'secret_hash', kind: col.string(64) },
    codeHash: { column: 'code_hash', kind: col.string(64), nullable: true },
    userId: { column: 'user_id', kind: col.id() },
    companyId: { column: 'company_id', kind: col.id() },
    realm: { column: 'realm', kind: col.string(60) },
    clientIp: { column: 'client_ip', kind: col.string(45), nullable: true },
    attempts: { column: 'attempts', kind: col.int() },
    expiresAt: { column: 'expires_at', kind: col.timestamp() },
    usedAt: { column: 'used_at', kind: col.timestamp(), nullable: true },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
  indices: [
    { name: 'ux_auth_challenges_secret', columns: ['secretHash'], unique: true },
    { name: 'ix_auth_challenges_user', columns: ['userId', 'kind'] },
  ],
};

export const authChallengeEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, authChallengeDefinition)];
