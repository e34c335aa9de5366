import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** The security policy of one realm of one company; a realm without a row uses DEFAULT_REALM_POLICY. */
export class RealmPolicyRecord {
  companyId!: string;
  realm!: string;
  passwordMinLength!: number;
  passwordMinClasses!: number;
  passwordExpiryDays!: number;
  lockoutThreshold!: number;
  lockoutWindowSeconds!: number;
  lockoutDurationSeconds!: number;
  idleTimeoutSeconds!: number;
  maxSessions!: number;
  mfaRequired!: boolean;
  updatedAt!: Date;
}

export const realmPolicyDefinition: EntityDefinition<RealmPolicyRecord> = {
  target: RealmPolicyRecord,
  table: 'realm_policies',
  columns: {
    companyId: { column: 'company_id', kind: col.id(), primary: true },
    realm: { column: 'realm', kind: col.string(60), primary: true },
    passwordMinLength: { column: 'password_min_length', kind: col.int() },
    passwordMinClasses: { column: 'password_min_classes', kind: col.int() },
    passwordExpiryDays: { column: 'password_expiry_days', kind: col.int() },
    lockoutThreshold: { column: 'lockout_threshold', kind: col.int() },
    lockoutWindowSeconds: { column: 'lockout_window_seconds', kind: col.int() },
    lockoutDurationSeconds: { column: 'lockout_duration_seconds', kind: col.int() },
    idleTimeoutSeconds: { column: 'idle_timeout_seconds', kind: col.int() },
    maxSessions: { column: 'max_sessions', kind: col.int() },
    mfaRequired: { column: 'mfa_required', kind: col.boolean() },
    updatedAt: { column: 'updated_at', kind: col.timestamp() },
  },
};

export const realmPolicyEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, realmPolicyDefinition)];
