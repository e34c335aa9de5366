import {
  contractExportNames,
  duplicateSubjects,
  errorCodeViolations,
  eventSubjectViolations,
  pascalOf,
  subjectViolation,
  subjectViolations,
} from './contract-assertions';

describe('contract assertions', () => {
  describe('pascalOf()', () => {
    it.each([
      ['platform', 'Platform'],
      ['work-portal', 'WorkPortal'],
      ['management-console', 'ManagementConsole'],
    ])('should turn %s into %s', (service, pascal) => {
      expect(pascalOf(service)).toBe(pascal);
    });
  });

  describe('contractExportNames()', () => {
    describe('when the service name has a dash', () => {
      it('should use PascalCase for objects and the env prefix for constants', () => {
        expect(contractExportNames('work-portal')).toEqual({
          serviceConstant: 'WORK_PORTAL_SERVICE',
          subjectsExport: 'WorkPortalSubjects',
          eventsExport: 'WorkPortalEvents',
          eventSubjectsExport: 'WORK_PORTAL_EVENT_SUBJECTS',
          errorCodesExport: 'WorkPortalErrorCodes',
        });
      });
    });
  });

  describe('subjectViolation()', () => {
    describe('when the subject is <service>.<entity>.<verb>', () => {
      it.each(['platform.company.get', 'work-portal.health.check', 'management-console.audit-entry.list', 'smtp.mail2.send'])(
        'should accept %s',
        (subject) => {
          expect(subjectViolation(subject.split('.')[0], subject)).toBeUndefined();
        },
      );
    });

    describe('when the subject breaks a rule', () => {
      it.each([
        ['platform', 'platform.company', /2 dot-separated tokens/],
        ['platform', 'platform.company.get.one', /4 dot-separated tokens/],
        ['platform', 'platform.Company.get', /token "Company"/],
        ['platform', 'platform.company_x.get', /token "company_x"/],
        ['platform', 'platform.company--x.get', /token "company--x"/],
        ['platform', 'platform..get', /token ""/],
        ['platform', 'platform.company.*', /token "\*"/],
        ['platform', 'accounts.company.get', /expected the service name "platform"/],
      ])('should reject %s %s', (service, subject, why) => {
        expect(subjectViolation(service, subject)).toMatch(why);
      });
    });
  });

  describe('subjectViolations()', () => {
    it('should list only the subjects that break a rule', () => {
      const violations = subjectViolations('platform', { ok: 'platform.company.get', bad: 'platform.company', other: 'catalog.x.get' });
      expect(violations).toHaveLength(2);
      expect(violations[0]).toMatch(/^platform\.company:/);
      expect(violations[1]).toMatch(/^catalog\.x\.get:/);
    });
  });

  describe('eventSubjectViolations()', () => {
    describe('when the verb is in the past tense', () => {
      it('should accept the event', () => {
        expect(eventSubjectViolations('platform', { companyCreated: 'platform.company.created' })).toEqual([]);
      });
    });

    describe('when the verb is not in the past tense', () => {
      it('should reject the event', () => {
        expect(eventSubjectViolations('platform', { companyCreate: 'platform.company.create' })).toEqual([
          'platform.company.create: the verb is not in the past tense (ends in "ed")',
        ]);
      });
    });

    describe('when the event belongs to another service', () => {
      it('should reject the event', () => {
        expect(eventSubjectViolations('accounts', { c: 'platform.company.created' })).toEqual([
          'platform.company.created: starts with "platform", expected the service name "accounts"',
        ]);
      });
    });
  });

  describe('errorCodeViolations()', () => {
    describe('when every code is <PREFIX>.<REASON> under its reason', () => {
      it('should find nothing', () => {
        expect(errorCodeViolations('work-portal', { VALIDATION: 'WORK_PORTAL.VALIDATION', INTERNAL: 'WORK_PORTAL.INTERNAL' })).toEqual([]);
      });
    });

    describe('when a code breaks a rule', () => {
      it.each([
        ['another prefix', { VALIDATION: 'PLATFORM.VALIDATION' }, /does not start with WORK_PORTAL\./],
        ['the dashed service name as prefix', { VALIDATION: 'WORK-PORTAL.VALIDATION' }, /does not start with WORK_PORTAL\./],
        ['a key that differs from the reason', { NOT_FOUND: 'WORK_PORTAL.MISSING' }, /is not WORK_PORTAL\.NOT_FOUND/],
        ['a reason the gateway does not know', { GONE: 'WORK_PORTAL.GONE' }, /not one of the shared reasons/],
      ])('should report %s', (_what, codes, why) => {
        const violations = errorCodeViolations('work-portal', codes);
        expect(violations).toHaveLength(1);
        expect(violations[0]).toMatch(why);
      });
    });
  });

  describe('duplicateSubjects()', () => {
    it('should list each subject used more than once across groups, once', () => {
      expect(duplicateSubjects({ a: 'p.x.get', b: 'p.x.get' }, { c: 'p.x.get', d: 'p.y.created' })).toEqual(['p.x.get']);
    });

    it('should find nothing when every subject is unique', () => {
      expect(duplicateSubjects({ a: 'p.x.get' }, { c: 'p.x.created' })).toEqual([]);
    });
  });
});
