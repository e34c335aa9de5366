import { AttemptError } from './http-attempt';

/** Methods whose repetition has no extra effect (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
  retryAfterMaxSeconds: number;
}

/**
 * Exponential backoff with jitter, never zero: attempt n (1-based) waits a random delay in
 * [d/2, d] where d = min(max, base × 2^(n-1)).
 */
export function backoffMs(attempt: number, s: BackoffSettings, random: () => number = Math.random): number {
  const d = Math.min(s.maxMs, s.baseMs * 2 ** (attempt - 1));
  return Math.max(1, Math.round(d / 2 + random() * (d / 2)));
}

/** `Retry-After` in ms (delta seconds or an HTTP date), or undefined. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What went wrong in one attempt: an exchange error or a response status. */
export type AttemptOutcome = { error: AttemptError } | { status: number; retryAfter?: string | string[] };

/**
 * Whether (and after how long) to retry. Safe to repeat: a connection never established (any
 * method); 502/503/504, a reset or a read timeout for idempotent methods; 429 with a Retry-After
 * (any method: the server said it did not process it). A Retry-After beyond the limit is not waited for.
 */
export function retryDecision(method: string, outcome: AttemptOutcome, attempt: number, s: BackoffSettings, random?: () => number): { retry: boolean; delayMs: number } {
  const no = { retry: false, delayMs: 0 };
  const idempotent = IDEMPOTENT.has(method.toUpperCase());
  if ('error' in outcome) {
    const e = outcome.error;
    if (e.kind === 'too_large' || e.kind === 'tls') return no;
    if (!e.connected || idempotent) return { retry: true, delayMs: backoffMs(attempt, s, random) };
    return no;
  }
  const after = retryAfterMs(outcome.retryAfter);
  if (outcome.status === 429) {
    if (after === undefined || after > s.retryAfterMaxSeconds * 1000) return no;
    return { retry: true, delayMs: Math.max(after, 1) };
  }
  if ([502, 503, 504].includes(outcome.status) && idempotent) {
    if (after !== undefined && after > s.retryAfterMaxSeconds * 1000) return no;
    return { retry: true, delayMs: after !== undefined ? Math.max(after, 1) : backoffMs(attempt, s, random) };
  }
  return no;
}

/** Whether an attempt counts as a failure of the target for its circuit breaker. */
export function isTargetFailure(outcome: AttemptOutcome): boolean {
  if ('error' in outcome) return outcome.error.kind !== 'too_large';
  return outcome.status >= 500 || outcome.status === 429;
}
