import type { UserStatus } from '@fleet/contracts-accounts';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** A person who signs in to one realm. E-mail is unique per realm (the `company` realm: installation-wide). */
export class User {
  id!: string;
  companyId!: string;
  /** `company` or `env:<environmentId>`. */
  realm!: string;
  email!: string;
  displayName!: string;
  /** argon2id PHC string; null: the user cannot sign in with a password. */
  passwordHash!: string | null;
  passwordChangedAt!: Date | null;
  mustChangePassword!: boolean;
  status!: UserStatus;
  createdAt!: Date;
  deactivatedAt!: Date | null;
}

export const userDefinition: EntityDefinition<User> = {
  target: User,
  table: 'users',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    realm: { column: 'realm', kind: col.string(60) },
    email: { column: 'email', kind: col.string(254) },
    displayName: { column: 'display_name', kind: col.string(120) },
    passwordHash: { column: 'password_hash', kind: col.string(255), nullable: true },
    passwordChangedAt: { column: 'password_changed_at', kind: col.timestamp(), nullable: true },
    mustChangePassword: { column: 'must_change_password', kind: col.boolean() },
    status: { column: 'status', kind: col.string(20) },
    createdAt: { column: 'created_at', kind: col.timestamp() },
    deactivatedAt: { column: 'deactivated_at', kind: col.timestamp(), nullable: true },
  },
  indices: [
    { name: 'ux_users_realm_email', columns: ['realm', 'email'], unique: true },
    { name: 'ix_users_company', columns: ['companyId'] },
  ],
};

export const userEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, userDefinition)];
