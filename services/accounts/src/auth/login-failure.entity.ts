import type { LockScope } from '@fleet/contracts-accounts';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/**
 * One refused sign-in, counted against an account (`subject` = the e-mail) or a client address
 * (`subject` = the IP) in one realm. The failure that reaches the threshold carries `lockedUntil`.
 */
export class LoginFailure {
  id!: string;
  realm!: string;
  scope!: LockScope;
  subject!: string;
  createdAt!: Date;
  lockedUntil!: Date | null;
}

export const loginFailureDefinition: EntityDefinition<LoginFailure> = {
  target: LoginFailure,
  table: 'login_failures',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    realm: { column: 'realm', kind: col.string(60) },
    scope: { column: 'scope', kind: col.string(10) },
    subject: { column: 'subject', kind: col.string(254) },
    createdAt: { column: 'created_at', kind: col.timestamp() },
    lockedUntil: { column: 'locked_until', kind: col.timestamp(), nullable: true },
  },
  indices: [{ name: 'ix_login_failures_subject', columns: ['realm', 'scope', 'subject', 'createdAt'] }],
};

export const loginFailureEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, loginFailureDefinition)];
