import { compressWhitespace, normalizePath, removeComments, standard } from './decode';
import { looksLikeProse } from './prose';
import { INJECTION_RULES } from './rules/injection';
import { PROTOCOL_REQUEST_RULES, PROTOCOL_VALUE_RULES } from './rules/protocol';
import type { Paranoia, Pipeline, ProtocolLimits, RequestRule, ValueRule } from './rules/types';
import { parseRequest, requestPath, type Target, type TargetKind, type WafRequest } from './targets';

export type WafMode = 'prevention' | 'detection' | 'off';

/** Skips rule groups (or single rules) for some fields of some routes. */
export interface WafExclusion {
  /** Matched against the request path (no query). */
  path: RegExp;
  /** Target names (e.g. `json.content`, `json.expressions.*`); all targets of the route when absent. */
  fields?: RegExp;
  groups?: readonly string[];
  rules?: readonly number[];
  /** Wider protocol limits for the route (e.g. a large catalog commit has thousands of JSON values; the body limit still bounds the work). */
  limits?: { maxArgs?: number; maxTargets?: number };
}

export interface WafConfig {
  mode: WafMode;
  paranoia: Paranoia;
  threshold: number;
  limits: ProtocolLimits;
  exclusions: readonly WafExclusion[];
}

export interface WafHit {
  id: number;
  group: string;
  score: number;
  msg: string;
  /** Which field matched (`json.items.0.name`, `header.user-agent`, `request`). */
  target: string;
  /** A short excerpt of the matched value. */
  excerpt: string;
}

export interface WafVerdict {
  score: number;
  hits: WafHit[];
  /** True when the score reached the threshold (in detection mode too; the caller decides). */
  anomalous: boolean;
  micros: number;
}

export const DEFAULT_LIMITS: ProtocolLimits = {
  allowedMethods: new Set(['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']),
  allowedContentTypes: [
    'application/x-www-form-urlencoded', 'multipart/form-data', 'multipart/related', 'text/xml', 'application/xml',
    'application/soap+xml', 'application/json', 'application/cloudevents+json', 'application/cloudevents-batch+json',
    'application/merge-patch+json', 'application/json-patch+json', 'application/problem+json', 'text/plain', 'application/bpmn+xml',
    'application/octet-stream', 'text/csv', 'application/yaml', 'text/markdown', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf',
  ],
  maxArgs: 255,
  maxArgNameLength: 100,
  maxArgValueLength: 400_000,
  maxTotalArgLength: 1_048_576,
  maxBodyBytes: 1_048_576,
  maxHeaderCount: 100,
};

/** Values transformed once per pipeline (several rules share a pipeline). */
class Transformed {
  private readonly cache = new Map<Pipeline, string>();
  constructor(private readonly raw: string) {}

  private isProse: boolean | undefined;

  /** Natural-language text: at least six words, mostly letters and spaces, no shell or SQL punctuation runs. */
  prose(): boolean {
    if (this.isProse === undefined) this.isProse = looksLikeProse(this.get('std'));
    return this.isProse;
  }

  get(p: Pipeline): string {
    let v = this.cache.get(p);
    if (v !== undefined) return v;
    v = transform(this.raw, p, this);
    this.cache.set(p, v);
    return v;
  }
}

function transform(raw: string, p: Pipeline, t: Transformed): string {
  switch (p) {
    case 'raw':
      return raw;
    case 'lower':
      return raw.toLowerCase();
    case 'std':
      return compressWhitespace(standard(raw));
    case 'cmd':
      return compressWhitespace(
        t
          .get('std')
          .replace(/\$\{ifs\}|\$ifs\b/g, ' ')
          .replace(/["'\\^]/g, ''),
      );
    case 'compact':
      return removeComments(t.get('std')).replace(/\s+/g, '');
    case 'path':
      return normalizePath(t.get('std'));
  }
}

function excerpt(v: string): string {
  return v.length > 120 ? `${v.slice(0, 117)}...` : v;
}

/** Nothing here that URL, HTML or JS decoding could turn into something else. */
const PLAIN_VALUE = /^[A-Za-z0-9_ .@/:,=-]*$/;

/** Rules that can match plain values (class names, command words, file paths, SQL keywords …). */
const PLAIN_RULES = new Set([
  913100, 930110, 930120, 930130, 930140, 931100, 931120, 932230, 932235, 932160, 932120, 932140, 933120, 933150, 933200, 933140,
  934110, 934120, 934130, 934170, 941130, 942100, 942101, 942140, 942190, 942230, 942240, 942250, 942270, 942280, 942320, 942350,
  942360, 942550, 943120, 944100, 944110, 944120, 944130, 944210, 944240, 944250, 944260, 944300, 920220, 920250,
]);

export class WafEngine {
  private readonly valueRules: ValueRule[];
  private readonly requestRules: RequestRule[];

  /** Per target kind: all rules, and the ones that can match a plain value. */
  private readonly byKind = new Map<TargetKind, { all: ValueRule[]; plain: ValueRule[] }>();

  constructor(readonly config: WafConfig) {
    const byPl = <T extends { pl: number }>(r: T): boolean => r.pl <= config.paranoia;
    this.valueRules = [...PROTOCOL_VALUE_RULES, ...INJECTION_RULES].filter(byPl);
    this.requestRules = PROTOCOL_REQUEST_RULES.filter(byPl);
    for (const rule of this.valueRules) {
      for (const kind of rule.kinds) {
        let entry = this.byKind.get(kind);
        if (!entry) this.byKind.set(kind, (entry = { all: [], plain: [] }));
        entry.all.push(rule);
        if (rule.plain || PLAIN_RULES.has(rule.id)) entry.plain.push(rule);
      }
    }
  }

  /** All rules of this engine (for tests and documentation). */
  rules(): ReadonlyArray<ValueRule | RequestRule> {
    return [...this.requestRules, ...this.valueRules];
  }

  inspect(req: WafRequest): WafVerdict {
    const started = process.hrtime.bigint();
    const path = requestPath(req.url);
    const excluded = this.config.exclusions.filter((e) => e.path.test(path));
    const widened = excluded.find((e) => e.limits)?.limits;
    const limits = widened?.maxArgs ? { ...this.config.limits, maxArgs: widened.maxArgs } : this.config.limits;
    const parsed = parseRequest(req, widened?.maxTargets);
    const hits: WafHit[] = [];
    const requestExcluded = (id: number, group: string): boolean => excluded.some((e) => !e.fields && (e.groups?.includes(group) || e.rules?.includes(id)));
    for (const rule of this.requestRules) {
      if (requestExcluded(rule.id, rule.group)) continue;
      const found = rule.check(parsed, limits);
      if (found) hits.push({ id: rule.id, group: rule.group, score: rule.score, msg: rule.msg, target: 'request', excerpt: excerpt(found) });
    }
    for (const target of parsed.targets) this.inspectTarget(target, excluded, hits);
    const score = hits.reduce((s, h) => s + h.score, 0);
    return { score, hits, anomalous: score >= this.config.threshold, micros: Number(process.hrtime.bigint() - started) / 1000 };
  }

  private inspectTarget(target: Target, excluded: WafExclusion[], hits: WafHit[]): void {
    if (!target.value) return;
    const entry = this.byKind.get(target.kind);
    if (!entry) return;
    const values = new Transformed(target.value);
    let rules = entry.all;
    if (PLAIN_VALUE.test(target.value)) rules = entry.plain;
    for (const rule of rules) {
      if (!applies(rule, target, excluded, hits) || (rule.skipProse && values.prose())) continue;
      const v = values.get(rule.pipeline);
      if (rule.needs && !rule.needs.some((n) => v.includes(n) || target.value.includes(n))) continue;
      const matched = typeof rule.test === 'function' ? rule.test(v, target) : rule.test.test(v);
      if (matched) hits.push({ id: rule.id, group: rule.group, score: rule.score, msg: rule.msg, target: target.name, excerpt: excerpt(target.value) });
    }
  }
}

function applies(rule: ValueRule, target: Target, excluded: WafExclusion[], hits: WafHit[]): boolean {
  if (rule.headers && (target.kind === 'header' ? !rule.headers.test(target.name) : rule.kinds.length === 1)) return false;
  if (hits.some((h) => h.id === rule.id)) return false;
  return excluded.length === 0 || !isExcluded(rule, target, excluded);
}

function isExcluded(rule: ValueRule, target: Target, excluded: WafExclusion[]): boolean {
  return excluded.some((e) => (!e.fields || e.fields.test(target.name)) && (e.groups?.includes(rule.group) || e.rules?.includes(rule.id) || (!e.groups && !e.rules)));
}
