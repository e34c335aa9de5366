import type { UserReply } from '@fleet/contracts-accounts';
import type { User } from './user.entity';

/** E-mails are compared and stored trimmed and in lower case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The wire shape of a user: never any credential material. */
export function toUserReply(u: User): UserReply {
  return {
    id: u.id,
    companyId: u.companyId,
    realm: u.realm,
    email: u.email,
    displayName: u.displayName,
    status: u.status,
    mustChangePassword: u.mustChangePassword,
    createdAt: u.createdAt.toISOString(),
  };
}
