import { Init1732406400000 } from './1732406400000-init';
import { Identity1795000000000 } from './1795000000000-identity';
import { Credentials1795100000000 } from './1795100000000-credentials';
import { ServiceAccounts1795500000000 } from './1795500000000-service-accounts';
import { Oidc1795600000000 } from './1795600000000-oidc';
import { OidcRealmProviders1795700000000 } from './1795700000000-oidc-realm-providers';

/** Every migration of accounts, oldest first. */
export const AccountsMigrations = [Init1732406400000, Identity1795000000000, Credentials1795100000000, ServiceAccounts1795500000000, Oidc1795600000000, OidcRealmProviders1795700000000];
