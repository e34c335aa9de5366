import { FleetError } from '@fleet/shared-errors';
import { validatePayload } from '@fleet/shared-validation';
import type { ClassConstructor } from 'class-transformer';
import { randomUUID } from 'node:crypto';
import { CreateUserRequest, environmentIdOf, LoginFailedEvent, LoginRequest, REALM_NAME_PATTERN, RefreshRequest, SessionCheckRequest } from './index';

type Payload = Record<string, unknown>;
const aCreateUserRequest = (over: Payload = {}): Payload => ({
  realm: 'company',
  companyId: randomUUID(),
  email: 'ada@example.com',
  displayName: 'Ada',
  password: 'Correct-Horse-Battery-9',
  ...over,
});
const aLoginRequest = (over: Payload = {}): Payload => ({ email: 'ada@example.com', password: 'x', ...over });

function fieldsRejected(cls: ClassConstructor<object>, payload: unknown): string[] {
  try {
    validatePayload(cls, payload, 'ACCOUNTS');
  } catch (err) {
    if (err instanceof FleetError) return [...new Set((err.details?.fields ?? []).map((f) => f.path))].sort();
    throw err;
  }
  return [];
}

describe('REALM_NAME_PATTERN', () => {
  it('should accept company and env:<lowercase uuid> only', () => {
    const env = `env:${randomUUID()}`;
    expect(['company', env].every((r) => REALM_NAME_PATTERN.test(r))).toBe(true);
    expect(['Company', 'env:', 'env:42', `env:${randomUUID().toUpperCase()}`, `company ${env}`].some((r) => REALM_NAME_PATTERN.test(r))).toBe(false);
  });
});

describe('environmentIdOf()', () => {
  it('should be the id of an environment realm and undefined for the company realm', () => {
    const id = randomUUID();
    expect(environmentIdOf(`env:${id}`)).toBe(id);
    expect(environmentIdOf('company')).toBeUndefined();
  });
});

describe('CreateUserRequest', () => {
  it('should pass with or without a password', () => {
    expect(fieldsRejected(CreateUserRequest, aCreateUserRequest())).toEqual([]);
    expect(fieldsRejected(CreateUserRequest, aCreateUserRequest({ password: undefined, mustChangePassword: true }))).toEqual([]);
  });

  it('should name every invalid field', () => {
    const bad = { realm: 'tenant', companyId: 'c', email: 'not-an-email', displayName: '', password: 'x'.repeat(257), mustChangePassword: 'yes' };
    expect(fieldsRejected(CreateUserRequest, bad)).toEqual(['companyId', 'displayName', 'email', 'mustChangePassword', 'password', 'realm']);
  });
});

describe('LoginRequest', () => {
  it('should default nothing and accept an optional realm and client address', () => {
    expect(fieldsRejected(LoginRequest, aLoginRequest({ realm: `env:${randomUUID()}`, clientIp: '2001:db8::1' }))).toEqual([]);
  });

  it('should name an empty password, a bad realm and a bad address', () => {
    expect(fieldsRejected(LoginRequest, aLoginRequest({ password: '', realm: 'env:x', clientIp: 'localhost' }))).toEqual(['clientIp', 'password', 'realm']);
  });
});

describe('RefreshRequest / SessionCheckRequest', () => {
  it('should require the refresh token and a session uuid', () => {
    expect(fieldsRejected(RefreshRequest, {})).toEqual(['refresh_token']);
    expect(fieldsRejected(SessionCheckRequest, { sessionId: 'sid' })).toEqual(['sessionId']);
  });
});

describe('LoginFailedEvent', () => {
  it('should pass for an unknown user (no user or company id) and refuse an unknown reason', () => {
    const event = { email: 'x@example.com', realm: 'company', reason: 'unknown-user', at: new Date().toISOString() };
    expect(fieldsRejected(LoginFailedEvent, event)).toEqual([]);
    expect(fieldsRejected(LoginFailedEvent, { ...event, reason: 'because' })).toEqual(['reason']);
  });
});
