import { envPrefixOf, ErrorReasons, healthCheckSubject, isErrorEnvelope } from '@fleet/contracts-fleet';
import { describe, expect, it } from '@jest/globals';

/**
 * The conventions every service contract lib (`libs/contracts/<service>`) keeps, as pure checks that
 * return what is wrong (so they are testable themselves) and as one `describe` block that each
 * contract lib's spec runs (style guide rule 20: contract libs test their own constants).
 */

/** One name token of a subject: lowercase letters and digits, words joined by single dashes. */
const TOKEN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The values a contract pins: a change to any of them is a breaking change of the wire contract. */
export interface PinnedContract {
  subjects: Record<string, string>;
  events: Record<string, string>;
  errorCodes: Record<string, string>;
}

/** The exports of a contract lib, found by the naming convention (`work-portal` → `WorkPortalSubjects`, …). */
export interface ContractExports {
  serviceConstant: string;
  subjectsExport: string;
  eventsExport: string;
  eventSubjectsExport: string;
  errorCodesExport: string;
}

/** `work-portal` → `WorkPortal`. */
export function pascalOf(service: string): string {
  return service
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** The export names a contract lib of `service` must have. */
export function contractExportNames(service: string): ContractExports {
  const pascal = pascalOf(service);
  const env = envPrefixOf(service);
  return {
    serviceConstant: `${env}_SERVICE`,
    subjectsExport: `${pascal}Subjects`,
    eventsExport: `${pascal}Events`,
    eventSubjectsExport: `${env}_EVENT_SUBJECTS`,
    errorCodesExport: `${pascal}ErrorCodes`,
  };
}

/** Why `subject` is not `<service>.<entity>.<verb>` (lowercase tokens), or undefined when it is. */
export function subjectViolation(service: string, subject: string): string | undefined {
  const tokens = subject.split('.');
  if (tokens.length !== 3) return `${subject}: has ${tokens.length} dot-separated tokens, expected 3 (<service>.<entity>.<verb>)`;
  const bad = tokens.find((t) => !TOKEN.test(t));
  if (bad !== undefined) return `${subject}: token "${bad}" is not lowercase letters, digits and single dashes`;
  if (tokens[0] !== service) return `${subject}: starts with "${tokens[0]}", expected the service name "${service}"`;
  return undefined;
}

/** Every request subject that does not follow `<service>.<entity>.<verb>`. */
export function subjectViolations(service: string, subjects: Record<string, string>): string[] {
  return Object.values(subjects)
    .map((s) => subjectViolation(service, s))
    .filter((v): v is string => v !== undefined);
}

/** Every event subject that does not follow `<service>.<entity>.<verb>` with a past-tense verb. */
export function eventSubjectViolations(service: string, events: Record<string, string>): string[] {
  return Object.values(events)
    .map((s) => subjectViolation(service, s) ?? (s.endsWith('ed') ? undefined : `${s}: the verb is not in the past tense (ends in "ed")`))
    .filter((v): v is string => v !== undefined);
}

/** Every error code that is not `<ENV_PREFIX>.<REASON>` under its own reason key, with a known reason. */
export function errorCodeViolations(service: string, codes: Record<string, string>): string[] {
  const prefix = `${envPrefixOf(service)}.`;
  const reasons: readonly string[] = Object.values(ErrorReasons);
  const out: string[] = [];
  for (const [key, code] of Object.entries(codes)) {
    if (!code.startsWith(prefix)) out.push(`${key}: ${code} does not start with ${prefix}`);
    else if (code !== `${prefix}${key}`) out.push(`${key}: ${code} is not ${prefix}${key}`);
    else if (!reasons.includes(key)) out.push(`${key}: ${key} is not one of the shared reasons (${reasons.join(', ')})`);
    else if (!isErrorEnvelope({ code, message: 'm' })) out.push(`${key}: ${code} is not a valid envelope code`);
  }
  return out;
}

/** Subjects used more than once across requests and events. */
export function duplicateSubjects(...groups: Record<string, string>[]): string[] {
  const all = groups.flatMap((g) => Object.values(g));
  return [...new Set(all.filter((s, i) => all.indexOf(s) !== i))];
}

/**
 * The spec of one service contract lib: the exports exist under their conventional names, the
 * subjects, events and codes follow the conventions, and their values equal `pinned`.
 */
export function describeServiceContract(service: string, contract: Record<string, unknown>, pinned: PinnedContract): void {
  const names = contractExportNames(service);
  const subjects = (contract[names.subjectsExport] ?? {}) as Record<string, string>;
  const events = (contract[names.eventsExport] ?? {}) as Record<string, string>;
  const eventSubjects = contract[names.eventSubjectsExport] as readonly string[] | undefined;
  const errorCodes = (contract[names.errorCodesExport] ?? {}) as Record<string, string>;

  describe(`@fleet/contracts-${service} conventions`, () => {
    it('should export its constants under the conventional names', () => {
      const missing = Object.values(names).filter((n: string) => contract[n] === undefined);
      expect(missing).toEqual([]);
    });

    describe(names.serviceConstant, () => {
      it(`should be "${service}"`, () => {
        expect(contract[names.serviceConstant]).toBe(service);
      });
    });

    describe(names.subjectsExport, () => {
      it('should keep its pinned values', () => {
        expect(subjects).toEqual(pinned.subjects);
      });

      it(`should name every subject ${service}.<entity>.<verb> in lowercase tokens`, () => {
        expect(subjectViolations(service, subjects)).toEqual([]);
      });

      it(`should answer the health check on ${healthCheckSubject(service)}`, () => {
        expect(subjects.healthCheck).toBe(healthCheckSubject(service));
      });

      it('should not share a subject with another request or event', () => {
        expect(duplicateSubjects(subjects, events)).toEqual([]);
      });
    });

    describe(names.eventsExport, () => {
      it('should keep its pinned values', () => {
        expect(events).toEqual(pinned.events);
      });

      it(`should name every event ${service}.<entity>.<verb> with a past-tense verb`, () => {
        expect(eventSubjectViolations(service, events)).toEqual([]);
      });
    });

    describe(names.eventSubjectsExport, () => {
      it(`should list exactly the values of ${names.eventsExport}`, () => {
        expect(eventSubjects).toEqual(Object.values(events));
      });
    });

    describe(names.errorCodesExport, () => {
      it('should keep its pinned values', () => {
        expect(errorCodes).toEqual(pinned.errorCodes);
      });

      it(`should spell every code ${envPrefixOf(service)}.<REASON> with a shared reason`, () => {
        expect(errorCodeViolations(service, errorCodes)).toEqual([]);
      });

      it('should declare the VALIDATION and INTERNAL codes the shared pipe and filter answer with', () => {
        expect(errorCodes).toMatchObject({
          VALIDATION: `${envPrefixOf(service)}.VALIDATION`,
          INTERNAL: `${envPrefixOf(service)}.INTERNAL`,
        });
      });
    });
  });
}
