import { FleetError } from '@fleet/shared-errors';
import { describeServiceContract } from '@fleet/shared-testing';
import { validatePayload } from '@fleet/shared-validation';
import type { ClassConstructor } from 'class-transformer';
import { randomUUID } from 'node:crypto';
import * as contract from './index';
import { AccountsErrorCodes, GetCompanyRealmRequest, RealmCreatedEvent, RealmKinds, RealmReply } from './index';

describeServiceContract('accounts', contract, {
  subjects: {
    healthCheck: 'accounts.health.check',
    realmGetForCompany: 'accounts.realm.get',
    userCreate: 'accounts.user.create',
    userDeactivate: 'accounts.user.deactivate',
    userGet: 'accounts.user.get',
    authLogin: 'accounts.auth.login',
    authRefresh: 'accounts.auth.refresh',
    authLogout: 'accounts.auth.logout',
    jwksGet: 'accounts.jwks.get',
    sessionCheck: 'accounts.session.check',
    authToken: 'accounts.auth.token',
    serviceAccountCreate: 'accounts.service-account.create',
    serviceAccountList: 'accounts.service-account.list',
    serviceAccountRevoke: 'accounts.service-account.revoke',
    passwordChange: 'accounts.password.change',
    authPassword: 'accounts.auth.password',
    authMfa: 'accounts.auth.mfa',
    passwordResetRequest: 'accounts.password-reset.request',
    passwordResetComplete: 'accounts.password-reset.complete',
    policyGet: 'accounts.policy.get',
    policyUpdate: 'accounts.policy.update',
    oidcProviderGet: 'accounts.oidc-provider.get',
    oidcProviderSet: 'accounts.oidc-provider.set',
    oidcProviderDelete: 'accounts.oidc-provider.delete',
    authOidcStart: 'accounts.auth.oidc-start',
    authOidcCallback: 'accounts.auth.oidc-callback',
  },
  events: {
    realmCreated: 'accounts.realm.created',
    userCreated: 'accounts.user.created',
    userDeactivated: 'accounts.user.deactivated',
    loginFailed: 'accounts.login.failed',
    loginSucceeded: 'accounts.login.succeeded',
    userLocked: 'accounts.user.locked',
    sessionRevoked: 'accounts.session.revoked',
    passwordResetRequested: 'accounts.password-reset.requested',
    otpIssued: 'accounts.otp.issued',
    serviceAccountChanged: 'accounts.service-account.changed',
  },
  errorCodes: {
    VALIDATION: 'ACCOUNTS.VALIDATION',
    UNAUTHORIZED: 'ACCOUNTS.UNAUTHORIZED',
    NOT_FOUND: 'ACCOUNTS.NOT_FOUND',
    CONFLICT: 'ACCOUNTS.CONFLICT',
    FORBIDDEN: 'ACCOUNTS.FORBIDDEN',
    INTERNAL: 'ACCOUNTS.INTERNAL',
  },
});

// Factories of valid payloads; each test overrides only the field it is about.
type Payload = Record<string, unknown>;
const aRealmReply = (over: Payload = {}): Payload => ({
  id: randomUUID(),
  name: 'company',
  kind: 'company',
  companyId: randomUUID(),
  createdAt: '2024-11-24T10:00:00.000Z',
  ...over,
});
const aRealmCreatedEvent = (over: Payload = {}): Payload => ({ realmId: randomUUID(), companyId: randomUUID(), kind: 'environment', ...over });

/** The accounts validation error for `payload`; fails the test when the payload passes. */
function rejectionOf(cls: ClassConstructor<object>, payload: unknown): FleetError {
  try {
    validatePayload(cls, payload, 'ACCOUNTS');
  } catch (err) {
    if (err instanceof FleetError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(payload)} to be rejected as a ${cls.name}`);
}

const fieldsOf = (err: FleetError): string[] => [...new Set((err.details?.fields ?? []).map((f) => f.path))];

describe('RealmKinds', () => {
  it('should be company and environment', () => {
    expect(RealmKinds).toEqual(['company', 'environment']);
  });
});

describe('GetCompanyRealmRequest', () => {
  describe('when the company id is a UUID', () => {
    it('should pass and return a GetCompanyRealmRequest', () => {
      const companyId = randomUUID();

      const req = validatePayload(GetCompanyRealmRequest, { companyId }, 'ACCOUNTS');

      expect(req).toBeInstanceOf(GetCompanyRealmRequest);
      expect(req.companyId).toBe(companyId);
    });
  });

  describe('when the company id is not a UUID', () => {
    it.each([
      ['missing', undefined],
      ['a number', 7],
      ['free text', 'acme'],
    ])('should answer ACCOUNTS.VALIDATION naming companyId when it is %s', (_what, companyId) => {
      const err = rejectionOf(GetCompanyRealmRequest, { companyId });

      expect(err.code).toBe(AccountsErrorCodes.VALIDATION);
      expect(fieldsOf(err)).toEqual(['companyId']);
    });
  });

  describe('when an unknown property is sent', () => {
    it('should reject it by name', () => {
      expect(fieldsOf(rejectionOf(GetCompanyRealmRequest, { companyId: randomUUID(), realm: 'x' }))).toEqual(['realm']);
    });
  });
});

describe('RealmReply', () => {
  describe('when the reply is valid', () => {
    it.each(RealmKinds.map((kind) => [kind]))('should pass for kind %s', (kind) => {
      const reply = aRealmReply({ kind, name: kind === 'company' ? 'company' : `env:${randomUUID()}` });

      expect(validatePayload(RealmReply, reply, 'ACCOUNTS')).toEqual(reply);
    });
  });

  describe('when fields are invalid', () => {
    it.each([
      ['id', { id: 'r1' }],
      ['name', { name: 3 }],
      ['kind', { kind: 'tenant' }],
      ['companyId', { companyId: '' }],
      ['createdAt', { createdAt: '24/11/2024' }],
    ])('should name %s', (field, over) => {
      expect(fieldsOf(rejectionOf(RealmReply, aRealmReply(over)))).toEqual([field]);
    });
  });
});

describe('RealmCreatedEvent', () => {
  describe('when the event is valid', () => {
    it('should pass', () => {
      const event = aRealmCreatedEvent();

      expect(validatePayload(RealmCreatedEvent, event, 'EVENT')).toEqual(event);
    });
  });

  describe('when every field is invalid', () => {
    it('should name every field', () => {
      const err = rejectionOf(RealmCreatedEvent, { realmId: 1, companyId: 'c', kind: 'other' });

      expect(fieldsOf(err).sort()).toEqual(['companyId', 'kind', 'realmId']);
    });
  });
});
