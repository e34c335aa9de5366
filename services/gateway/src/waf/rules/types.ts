import type { ParsedRequest, Target, TargetKind } from '../targets';

export type Pipeline = 'raw' | 'lower' | 'std' | 'cmd' | 'path' | 'compact';
export type Paranoia = 1 | 2 | 3 | 4;

/** CRS severities as anomaly points. */
export const CRITICAL = 5;
export const ERROR = 4;
export const WARNING = 3;
export const NOTICE = 2;

/** A rule that looks at values one at a time. */
export interface ValueRule {
  id: number;
  group: string;
  pl: Paranoia;
  score: number;
  msg: string;
  kinds: readonly TargetKind[];
  /** Restricts `header` targets to these names (`header.user-agent` …); all headers when absent. */
  headers?: RegExp;
  pipeline: Pipeline;
  /** Quick pre-check on the transformed value: the rule is skipped unless it contains one of these substrings. */
  needs?: readonly string[];
  test: RegExp | ((value: string, target: Target) => boolean);
  /**
   * Keyword-driven rules that ordinary prose also triggers ("select the best option from the list",
   * a runbook mentioning `kubectl`): skipped when the value reads as natural-language text.
   */
  skipProse?: boolean;
  /**
   * Whether the rule can match a value made only of letters, digits, spaces and `_ . @ / : -`
   * (no character any decoding would change). Most values are like that; rules that need
   * punctuation are not run on them, which is where the WAF's speed comes from.
   */
  plain?: boolean;
}

/** A rule that looks at the request as a whole (protocol enforcement). */
export interface RequestRule {
  id: number;
  group: string;
  pl: Paranoia;
  score: number;
  msg: string;
  check: (p: ParsedRequest, cfg: ProtocolLimits) => string | undefined;
}

export interface ProtocolLimits {
  allowedMethods: ReadonlySet<string>;
  allowedContentTypes: readonly string[];
  maxArgs: number;
  maxArgNameLength: number;
  maxArgValueLength: number;
  maxTotalArgLength: number;
  maxBodyBytes: number;
  maxHeaderCount: number;
}

/** ARGS, ARGS_NAMES, REQUEST_COOKIES(_NAMES) and XML:/* in CRS terms. */
export const ARGS: readonly TargetKind[] = ['arg', 'argName', 'cookie', 'cookieName'];
export const ARGS_AND_PATH: readonly TargetKind[] = ['arg', 'argName', 'cookie', 'cookieName', 'path'];
