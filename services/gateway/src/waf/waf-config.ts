import { parseCidr, type Cidr } from '../edge/ip-allowlist';
import { DEFAULT_LIMITS, type WafConfig, type WafExclusion, type WafMode } from './engine';
import type { Paranoia } from './rules/types';

/** The catalog's routes: artifacts and commits (a commit carries up to thousands of artifacts). */
const CATALOG_PATH = /^\/api\/v1\/projects\/[^/]{1,64}\/catalog(?:\/|$)/;

/**
 * Exclusions (code, reviewed like code). Catalog artifacts carry BPMN XML and expressions, which
 * legitimately look like code: for those fields only, at any depth of the JSON body (a commit's
 * `changes.<i>.content`), the code-injection groups are skipped; the protocol rules and everything
 * else still apply. A commit of many artifacts is thousands of JSON values: the catalog's routes may
 * have as many as the body limit allows.
 */
export const WAF_EXCLUSIONS: readonly WafExclusion[] = [
  {
    path: CATALOG_PATH,
    fields: /^(?:json\.(?:[^.]{1,100}\.){0,8}(?:content|xml|bpmn|source|expression|expressions|script|condition|template|definition)(?:\.|$)|xml\.|multipart\.(?:content|file|bpmn))/,
    groups: ['rce', 'php', 'xss', 'sqli', 'node', 'java', 'lfi'],
    limits: { maxArgs: 200_000, maxTargets: 200_000 },
  },
];

/** A custom rule: a regular expression over a header or the URI; matching requests score `score` (default: block). */
export interface CustomRule {
  id: number;
  header?: string;
  uri?: boolean;
  pattern: RegExp;
  score: number;
  msg: string;
}

export interface CustomRules {
  denyIps: Cidr[];
  envDenyIps: Map<string, Cidr[]>;
  rules: CustomRule[];
}

/**
 * A pattern must not backtrack without bound: no group with an unbounded quantifier (`*`, `+`,
 * `{n,}`) inside that is itself repeated without bound (the `(a+)+` shape), and no back-reference.
 * Bounded repetition (`{0,64}`, `?`) keeps the work polynomial in small constants.
 */
export function assertLinearPattern(source: string): void {
  if (source.length > 512) throw new Error('pattern longer than 512 characters');
  if (/\((?:[^()\\]|\\.)*(?:[*+]|\{\d+,\})(?:[^()\\]|\\.)*\)(?:[*+]|\{\d+,\})/.test(source) || /\\[1-9]/.test(source)) {
    throw new Error(`pattern ${source} could backtrack (a quantified group with a quantifier inside, or a back-reference)`);
  }
}

interface CustomRulesJson {
  denyIps?: string[];
  environments?: Record<string, { denyIps?: string[] }>;
  rules?: Array<{ id: number; header?: string; uri?: boolean; pattern: string; score?: number; msg?: string }>;
}

/** `GATEWAY_WAF_CUSTOM_RULES`: `{ denyIps, environments: { <id>: { denyIps } }, rules: [{ id, header | uri, pattern, score? }] }`. */
export function parseCustomRules(json: string): CustomRules {
  const out: CustomRules = { denyIps: [], envDenyIps: new Map(), rules: [] };
  if (!json.trim()) return out;
  const parsed = JSON.parse(json) as CustomRulesJson;
  out.denyIps = (parsed.denyIps ?? []).map(parseCidr);
  for (const [env, v] of Object.entries(parsed.environments ?? {})) out.envDenyIps.set(env.toLowerCase(), (v.denyIps ?? []).map(parseCidr));
  out.rules = (parsed.rules ?? []).map(customRule);
  return out;
}

function customRule(r: NonNullable<CustomRulesJson['rules']>[number]): CustomRule {
  if (!Number.isInteger(r.id) || r.id < 100000 || r.id > 199999) throw new Error(`custom rule id ${r.id}: use 100000-199999`);
  if (!r.header && !r.uri) throw new Error(`custom rule ${r.id}: give "header" or "uri": true`);
  assertLinearPattern(r.pattern);
  return { id: r.id, header: r.header?.toLowerCase(), uri: r.uri, pattern: new RegExp(r.pattern, 'i'), score: r.score ?? 1000, msg: r.msg ?? 'custom rule' };
}

export function wafConfigFrom(env: { GATEWAY_WAF_MODE: WafMode; GATEWAY_WAF_PARANOIA: number; GATEWAY_WAF_THRESHOLD: number; GATEWAY_BODY_LIMIT_BYTES: number }): WafConfig {
  return {
    mode: env.GATEWAY_WAF_MODE,
    paranoia: env.GATEWAY_WAF_PARANOIA as Paranoia,
    threshold: env.GATEWAY_WAF_THRESHOLD,
    limits: { ...DEFAULT_LIMITS, maxBodyBytes: env.GATEWAY_BODY_LIMIT_BYTES, maxTotalArgLength: Math.max(DEFAULT_LIMITS.maxTotalArgLength, env.GATEWAY_BODY_LIMIT_BYTES) },
    exclusions: WAF_EXCLUSIONS,
  };
}
