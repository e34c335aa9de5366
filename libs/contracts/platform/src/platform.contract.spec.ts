import { FleetError } from '@fleet/shared-errors';
import { describeServiceContract } from '@fleet/shared-testing';
import { validatePayload } from '@fleet/shared-validation';
import type { ClassConstructor } from 'class-transformer';
import { randomUUID } from 'node:crypto';
import * as contract from './index';
import {
  CompanyCreatedEvent,
  CompanyListReply,
  CompanyReply,
  CreateCompanyRequest,
  GetCompanyRequest,
  ListCompaniesRequest,
  PlatformErrorCodes,
} from './index';

describeServiceContract('platform', contract, {
  subjects: {
    healthCheck: 'platform.health.check',
    companyCreate: 'platform.company.create',
    companyGet: 'platform.company.get',
    companyList: 'platform.company.list',
    companyUserCreate: 'platform.company-user.create',
    companyUserImport: 'platform.company-user.import',
    companyUserList: 'platform.company-user.list',
    companyUserGet: 'platform.company-user.get',
    companyUserDeactivate: 'platform.company-user.deactivate',
    subscriptionCreate: 'platform.subscription.create',
    subscriptionList: 'platform.subscription.list',
    subscriptionGet: 'platform.subscription.get',
    projectCreate: 'platform.project.create',
    projectList: 'platform.project.list',
    projectGet: 'platform.project.get',
    projectDelete: 'platform.project.delete',
    environmentCreate: 'platform.environment.create',
    environmentList: 'platform.environment.list',
    environmentGet: 'platform.environment.get',
    environmentUserCreate: 'platform.environment-user.create',
    environmentUserUpdate: 'platform.environment-user.update',
    environmentUserGet: 'platform.environment-user.get',
    environmentUserList: 'platform.environment-user.list',
    environmentUserImport: 'platform.environment-user.import',
    grantCreate: 'platform.grant.create',
    grantRevoke: 'platform.grant.revoke',
    grantList: 'platform.grant.list',
    invitationCreate: 'platform.invitation.create',
    invitationAccept: 'platform.invitation.accept',
    invitationList: 'platform.invitation.list',
    permissionCheck: 'platform.permission.check',
    accessMine: 'platform.access.mine',
    auditList: 'platform.audit.list',
  },
  events: {
    companyCreated: 'platform.company.created',
    companyUserCreated: 'platform.company-user.created',
    companyUserDeactivated: 'platform.company-user.deactivated',
    projectCreated: 'platform.project.created',
    projectDeleted: 'platform.project.deleted',
    environmentCreated: 'platform.environment.created',
    grantChanged: 'platform.grant.changed',
    invitationIssued: 'platform.invitation.issued',
  },
  errorCodes: {
    VALIDATION: 'PLATFORM.VALIDATION',
    UNAUTHORIZED: 'PLATFORM.UNAUTHORIZED',
    FORBIDDEN: 'PLATFORM.FORBIDDEN',
    NOT_FOUND: 'PLATFORM.NOT_FOUND',
    CONFLICT: 'PLATFORM.CONFLICT',
    UNAVAILABLE: 'PLATFORM.UNAVAILABLE',
    INTERNAL: 'PLATFORM.INTERNAL',
  },
});

// Factories of valid payloads; each test overrides only the field it is about.
type Payload = Record<string, unknown>;
const aCreateCompanyRequest = (over: Payload = {}): Payload => ({ name: 'Acme Corp', slug: 'acme-corp', ...over });
const aCompanyReply = (over: Payload = {}): Payload => ({
  id: randomUUID(),
  name: 'Acme Corp',
  slug: 'acme-corp',
  createdAt: '2024-11-24T10:00:00.000Z',
  ...over,
});
const aCompanyCreatedEvent = (over: Payload = {}): Payload => ({
  companyId: randomUUID(),
  name: 'Acme Corp',
  slug: 'acme-corp',
  createdAt: '2024-11-24T10:00:00.000Z',
  ...over,
});

/** The platform's own validation error for `payload`; fails the test when the payload passes. */
function rejectionOf(cls: ClassConstructor<object>, payload: unknown): FleetError {
  try {
    validatePayload(cls, payload, 'PLATFORM');
  } catch (err) {
    if (err instanceof FleetError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(payload)} to be rejected as a ${cls.name}`);
}

/** The distinct field paths a rejection names. */
const fieldsOf = (err: FleetError): string[] => [...new Set((err.details?.fields ?? []).map((f) => f.path))];

describe('CreateCompanyRequest', () => {
  describe('when the payload is valid', () => {
    it('should pass and return a CreateCompanyRequest with the same fields', () => {
      const payload = aCreateCompanyRequest();

      const req = validatePayload(CreateCompanyRequest, payload, 'PLATFORM');

      expect(req).toBeInstanceOf(CreateCompanyRequest);
      expect(req).toEqual(payload);
    });

    it.each([
      ['a 2-character name', { name: 'Ab' }],
      ['a 120-character name', { name: 'n'.repeat(120) }],
      ['a 2-character slug', { slug: 'a1' }],
      ['a 40-character slug', { slug: 's'.repeat(40) }],
      ['a slug of several dashed words', { slug: 'acme-2024-eu' }],
    ])('should accept %s', (_what, over) => {
      expect(validatePayload(CreateCompanyRequest, aCreateCompanyRequest(over), 'PLATFORM')).toMatchObject(over);
    });
  });

  describe('when the name is invalid', () => {
    it.each([
      ['missing', undefined],
      ['not a string', 42],
      ['1 character long', 'A'],
      ['121 characters long', 'n'.repeat(121)],
    ])('should name the name field when it is %s', (_what, name) => {
      const err = rejectionOf(CreateCompanyRequest, aCreateCompanyRequest({ name }));

      expect(err.code).toBe(PlatformErrorCodes.VALIDATION);
      expect(fieldsOf(err)).toEqual(['name']);
    });
  });

  describe('when the slug is invalid', () => {
    it.each([
      ['uppercase letters', 'Acme'],
      ['a double dash', 'acme--corp'],
      ['a leading dash', '-acme'],
      ['a trailing dash', 'acme-'],
      ['an underscore', 'acme_corp'],
      ['a space', 'acme corp'],
      ['1 character', 'a'],
      ['41 characters', 's'.repeat(41)],
      ['a number instead of text', 7],
    ])('should name the slug field when it has %s', (_what, slug) => {
      const err = rejectionOf(CreateCompanyRequest, aCreateCompanyRequest({ slug }));

      expect(err.code).toBe(PlatformErrorCodes.VALIDATION);
      expect(fieldsOf(err)).toEqual(['slug']);
    });

    it('should explain the slug rule in words', () => {
      const err = rejectionOf(CreateCompanyRequest, aCreateCompanyRequest({ slug: 'Acme_Corp' }));

      expect(err.details?.fields).toContainEqual({ path: 'slug', reason: 'slug must be lowercase letters and digits separated by single dashes' });
    });
  });

  describe('when a first administrator is named', () => {
    it('should accept an e-mail address', () => {
      expect(validatePayload(CreateCompanyRequest, aCreateCompanyRequest({ adminEmail: 'admin@acme.example' }), 'PLATFORM').adminEmail).toBe('admin@acme.example');
    });

    it.each([
      ['not an e-mail address', 'admin'],
      ['longer than 254 characters', `${'a'.repeat(250)}@acme.example`],
    ])('should name adminEmail when it is %s', (_what, adminEmail) => {
      expect(fieldsOf(rejectionOf(CreateCompanyRequest, aCreateCompanyRequest({ adminEmail })))).toEqual(['adminEmail']);
    });
  });

  describe('when both fields are invalid', () => {
    it('should name both fields', () => {
      const err = rejectionOf(CreateCompanyRequest, { name: '', slug: '' });

      expect(fieldsOf(err).sort()).toEqual(['name', 'slug']);
    });
  });

  describe('when an unknown property is sent', () => {
    it('should reject it by name', () => {
      const err = rejectionOf(CreateCompanyRequest, aCreateCompanyRequest({ owner: 'someone' }));

      expect(err.details?.fields).toEqual([{ path: 'owner', reason: 'property owner should not exist' }]);
    });
  });
});

describe('GetCompanyRequest', () => {
  describe('when the company id is a UUID', () => {
    it('should pass', () => {
      const companyId = randomUUID();

      expect(validatePayload(GetCompanyRequest, { companyId }, 'PLATFORM')).toEqual({ companyId });
    });
  });

  describe('when the company id is not a UUID', () => {
    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['a number', 42],
      ['a numeric string', '42'],
      ['free text', 'not-a-uuid'],
      ['a UUID with a character too many', `${randomUUID()}0`],
    ])('should name companyId when it is %s', (_what, companyId) => {
      expect(fieldsOf(rejectionOf(GetCompanyRequest, { companyId }))).toEqual(['companyId']);
    });
  });

  describe('when an unknown property is sent', () => {
    it('should reject it by name', () => {
      expect(fieldsOf(rejectionOf(GetCompanyRequest, { companyId: randomUUID(), id: randomUUID() }))).toEqual(['id']);
    });
  });
});

describe('ListCompaniesRequest', () => {
  describe('when nothing is given', () => {
    it('should pass with no limit and no offset', () => {
      const req = validatePayload(ListCompaniesRequest, {}, 'PLATFORM');

      expect(req).toBeInstanceOf(ListCompaniesRequest);
      expect(req.limit).toBeUndefined();
      expect(req.offset).toBeUndefined();
    });
  });

  describe('when the numbers come from a query string as text', () => {
    it('should convert "5" and "10" to numbers', () => {
      const req = validatePayload(ListCompaniesRequest, { limit: '5', offset: '10' }, 'PLATFORM');

      expect(req.limit).toBe(5);
      expect(req.offset).toBe(10);
    });

    it.each([['abc'], ['5x'], ['2.5']])('should reject limit=%s', (limit) => {
      expect(fieldsOf(rejectionOf(ListCompaniesRequest, { limit }))).toEqual(['limit']);
    });
  });

  describe('when limit is at its bounds', () => {
    it.each([[1], [200]])('should accept %s', (limit) => {
      expect(validatePayload(ListCompaniesRequest, { limit }, 'PLATFORM').limit).toBe(limit);
    });
  });

  describe('when limit is out of its bounds', () => {
    it.each([[0], [501], [-1], [2.5]])('should reject %s', (limit) => {
      expect(fieldsOf(rejectionOf(ListCompaniesRequest, { limit }))).toEqual(['limit']);
    });
  });

  describe('when offset is given', () => {
    it('should accept 0', () => {
      expect(validatePayload(ListCompaniesRequest, { offset: 0 }, 'PLATFORM').offset).toBe(0);
    });

    it.each([[-1], ['x'], [1.5]])('should reject %s', (offset) => {
      expect(fieldsOf(rejectionOf(ListCompaniesRequest, { offset }))).toEqual(['offset']);
    });
  });

  describe('when an unknown property is sent', () => {
    it('should reject it by name', () => {
      expect(fieldsOf(rejectionOf(ListCompaniesRequest, { limit: 5, page: 2 }))).toEqual(['page']);
    });
  });
});

describe('CompanyReply', () => {
  describe('when the reply is valid', () => {
    it('should pass', () => {
      const reply = aCompanyReply();

      expect(validatePayload(CompanyReply, reply, 'PLATFORM')).toEqual(reply);
    });
  });

  describe('when fields are invalid', () => {
    it('should name each of them', () => {
      const err = rejectionOf(CompanyReply, aCompanyReply({ id: '42', createdAt: 'yesterday' }));

      expect(fieldsOf(err).sort()).toEqual(['createdAt', 'id']);
    });
  });
});

describe('CompanyListReply', () => {
  describe('when the reply is valid', () => {
    // Fails today (reported): `items` carries no class-validator decorator, so whitelist validation
    // refuses it as an unknown property and class-validator-jsonschema leaves it out of the
    // gateway's OpenAPI schema of CompanyListReply.
    it('should pass with its items', () => {
      const reply = { items: [aCompanyReply()], total: 1 };

      expect(validatePayload(CompanyListReply, reply, 'PLATFORM')).toEqual(reply);
    });
  });

  describe('when total is not an integer', () => {
    it('should name total', () => {
      expect(fieldsOf(rejectionOf(CompanyListReply, { items: [], total: '1' }))).toContain('total');
    });
  });
});

describe('CompanyCreatedEvent', () => {
  describe('when the event is valid', () => {
    it('should pass', () => {
      const event = aCompanyCreatedEvent();

      expect(validatePayload(CompanyCreatedEvent, event, 'EVENT')).toEqual(event);
    });
  });

  describe('when the company id and the time are invalid', () => {
    it('should name both', () => {
      const err = rejectionOf(CompanyCreatedEvent, aCompanyCreatedEvent({ companyId: 'not-a-uuid', createdAt: 'yesterday' }));

      expect(fieldsOf(err).sort()).toEqual(['companyId', 'createdAt']);
    });
  });
});
