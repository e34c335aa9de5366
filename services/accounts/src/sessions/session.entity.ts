import type { SessionRevokeReason } from '@fleet/contracts-accounts';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** A sign-in: one refresh-token family, the `sid` of its access tokens. */
export class Session {
  id!: string;
  userId!: string;
  companyId!: string;
  realm!: string;
  clientIp!: string | null;
  createdAt!: Date;
  /** Last sign-in or refresh: the idle timeout counts from here. */
  lastUsedAt!: Date;
  revokedAt!: Date | null;
  revokeReason!: SessionRevokeReason | null;
}

/** One refresh token of a session, stored as its SHA-256 (hex); used once. */
export class RefreshToken {
  id!: string;
  sessionId!: string;
  tokenHash!: string;
  createdAt!: Date;
  usedAt!: Date | null;
}

export const sessionDefinition: EntityDefinition<Session> = {
  target: Session,
  table: 'sessions',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    userId: { column: 'user_id', kind: col.id() },
    companyId: { column: 'company_id', kind: col.id() },
    realm: { column: 'realm', kind: col.string(60) },
    clientIp: { column: 'client_ip', kind: col.string(64), nullable: true },
    createdAt: { column: 'created_at', kind: col.timestamp() },
    lastUsedAt: { column: 'last_used_at', kind: col.timestamp() },
    revokedAt: { column: 'revoked_at', kind: col.timestamp(), nullable: true },
    revokeReason: { column: 'revoke_reason', kind: col.string(30), nullable: true },
  },
  indices: [{ name: 'ix_sessions_user', columns: ['userId', 'revokedAt'] }],
};

export const refreshTokenDefinition: EntityDefinition<RefreshToken> = {
  target: RefreshToken,
  table: 'refresh_tokens',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    sessionId: { column: 'session_id', kind: col.id() },
    tokenHash: { column: 'token_hash', kind: col.string(64) },
    createdAt: { column: 'created_at', kind: col.timestamp() },
    usedAt: { column: 'used_at', kind: col.timestamp(), nullable: true },
  },
  indices: [
    { name: 'ux_refresh_tokens_hash', columns: ['tokenHash'], unique: true },
    { name: 'ix_refresh_tokens_session', columns: ['sessionId'] },
  ],
};

export const sessionEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, sessionDefinition), entitySchema(d, refreshTokenDefinition)];
