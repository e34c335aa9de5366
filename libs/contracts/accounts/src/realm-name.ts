/** The realm of every company's admin plane (one per company; e-mails unique across the installation). */
export const COMPANY_REALM = 'company';

/** `company` or `env:<environmentId>` (lowercase UUID): the realm a user belongs to and a token is valid in. */
export const REALM_NAME_PATTERN = /^(company|env:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The environment id of an `env:<id>` realm, or undefined for the company realm. */
export function environmentIdOf(realm: string): string | undefined {
  return realm.startsWith('env:') ? realm.slice('env:'.length) : undefined;
}
