import { IsIn, IsISO8601, IsString, IsUUID } from 'class-validator';

/** Kinds of identity realm: one per company (admin plane), one per environment (Work Portal). */
export const RealmKinds = ['company', 'environment'] as const;
export type RealmKind = (typeof RealmKinds)[number];

/** Request of `accounts.realm.get`. */
export class GetCompanyRealmRequest {
  @IsUUID()
  companyId!: string;
}

/** An identity realm. */
export class RealmReply {
  @IsUUID()
  id!: string;

  /** `company` or `env:<environmentId>`. */
  @IsString()
  name!: string;

  @IsIn(RealmKinds)
  kind!: RealmKind;

  @IsUUID()
  companyId!: string;

  @IsISO8601()
  createdAt!: string;
}

/** Event `accounts.realm.created`. */
export class RealmCreatedEvent {
  @IsUUID()
  realmId!: string;

  @IsUUID()
  companyId!: string;

  @IsIn(RealmKinds)
  kind!: RealmKind;
}
