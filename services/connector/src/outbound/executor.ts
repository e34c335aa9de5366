import type { ConnectorContent } from '@fleet/contracts-catalog';
import type { FailureKind } from '@fleet/contracts-connector';
import { CircuitBreaker, PerTarget, Semaphore } from './circuit-breaker';
import { AttemptError, sendAttempt, type AttemptResponse } from './http-attempt';
import { OAuthTokenCache, TokenError } from './oauth-tokens';
import { checkTarget, OutboundRefusedError, systemResolver, type OutboundDecision, type OutboundPolicy, type Resolver } from './outbound-guard';
import { CREDENTIAL_HEADERS, REDACTED, truncate, type Redactor } from './redactor';
import { applyAuth, buildRequest, renderAuth, type BuiltRequest, type RenderedAuth } from './request-builder';
import { isTargetFailure, retryDecision, type AttemptOutcome, type BackoffSettings } from './retry-policy';
import { readJsonPath, TemplateError } from './templates';

export interface ExecutorSettings {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  retries: number;
  backoff: BackoffSettings;
  breakerFailures: number;
  breakerOpenMs: number;
  maxConcurrencyPerTarget: number;
  maxResponseBytes: number;
}

/** Everything one invocation needs; `params` holds resolved values (secrets included, registered with the redactor). */
export interface InvocationPlan {
  environmentId: string;
  definition: ConnectorContent;
  input: Record<string, unknown>;
  params: ReadonlyMap<string, string>;
  policy: OutboundPolicy;
  redactor: Redactor;
}

export interface AttemptLogEntry {
  attempt: number;
  durationMs: number;
  status?: number;
  error?: string;
  backoffMs?: number;
}

export interface ExecutionResult {
  outcome: 'ok' | 'error' | 'failed';
  output?: Record<string, unknown>;
  error?: { name: string; status: number };
  failure?: { kind: FailureKind; message: string; status?: number };
  attempts: number;
  attemptLog: AttemptLogEntry[];
  httpStatus?: number;
  request?: Record<string, unknown>;
  response?: Record<string, unknown>;
}

/** Logs one outbound decision (never a credential: host, addresses, verdict, reason). */
export type DecisionLog = (environmentId: string, d: OutboundDecision) => void;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

class Failure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Runs connector calls: renders the request, authenticates, and sends it through the outbound guard
 * with timeouts, safe retries (exponential backoff with jitter), a circuit breaker and a concurrency
 * limit per environment + target origin; maps the response to output variables or a named error.
 */
export class OutboundExecutor {
  readonly breakers: PerTarget<CircuitBreaker>;
  readonly limits: PerTarget<Semaphore>;
  readonly tokens = new OAuthTokenCache();

  constructor(
    private readonly s: ExecutorSettings,
    private readonly logDecision: DecisionLog,
    private readonly resolve: Resolver = systemResolver,
    private readonly random: () => number = Math.random,
  ) {
    this.breakers = new PerTarget(() => new CircuitBreaker(s.breakerFailures, s.breakerOpenMs));
    this.limits = new PerTarget(() => new Semaphore(s.maxConcurrencyPerTarget));
  }

  async execute(plan: InvocationPlan): Promise<ExecutionResult> {
    const log: AttemptLogEntry[] = [];
    let req: BuiltRequest | undefined;
    let last: { response?: AttemptResponse; error?: Failure } = {};
    try {
      req = buildRequest(plan.definition, plan.input, plan.params);
      const auth = renderAuth(plan.definition.auth, plan.input, plan.params, plan.redactor);
      last = await this.attempts(plan, req, auth, log);
    } catch (err) {
      last = { error: asFailure(err) };
    }
    const recorded = { attempts: log.length, attemptLog: log, request: req ? recordRequest(req, plan.redactor) : undefined };
    if (last.error) return { outcome: 'failed', failure: { kind: last.error.kind, message: plan.redactor.redact(last.error.message), status: last.error.status }, ...recorded, ...(last.response ? { httpStatus: last.response.status, response: recordResponse(last.response, plan.redactor) } : {}) };
    return { ...this.mapResponse(plan, last.response!), ...recorded, httpStatus: last.response!.status, response: recordResponse(last.response!, plan.redactor) };
  }

  /** The attempt loop: returns the final response, or the failure that ended it. */
  private async attempts(plan: InvocationPlan, req: BuiltRequest, auth: RenderedAuth, log: AttemptLogEntry[]): Promise<{ response?: AttemptResponse; error?: Failure }> {
    const maxAttempts = 1 + (plan.definition.retries ?? this.s.retries);
    const readTimeoutMs = plan.definition.timeoutMs ?? this.s.readTimeoutMs;
    const deadline = Date.now() + maxAttempts * (this.s.connectTimeoutMs + readTimeoutMs) + (maxAttempts - 1) * this.s.backoff.maxMs;
    let tokenRefreshed = false;
    for (let attempt = 1; ; attempt++) {
      const bearer = auth.type === 'oauth2ClientCredentials' ? await this.oauthToken(plan, auth) : undefined;
      applyAuth(req, auth, plan.redactor, bearer);
      const started = Date.now();
      const outcome = await this.guardedAttempt(plan, req, readTimeoutMs, deadline);
      const entry: AttemptLogEntry = { attempt, durationMs: Date.now() - started, ...('status' in outcome ? { status: outcome.status } : { error: outcome.error.message }) };
      log.push(entry);
      if (!tokenRefreshed && attempt < maxAttempts && isRefusedToken(outcome, auth)) {
        tokenRefreshed = true; // the target refused the cached token: fetch a new one once
        this.tokens.invalidate(tokenKey(plan, auth));
        continue;
      }
      const decision = retryDecision(req.method, 'status' in outcome ? { status: outcome.status, retryAfter: outcome.response.headers['retry-after'] } : outcome, attempt, this.s.backoff, this.random);
      if (!decision.retry || attempt >= maxAttempts || Date.now() + decision.delayMs > deadline) return 'status' in outcome ? { response: outcome.response } : { error: attemptFailure(outcome.error) };
      entry.backoffMs = decision.delayMs;
      await new Promise((r) => setTimeout(r, decision.delayMs));
    }
  }

  /** One attempt behind the concurrency limit and the circuit breaker of the target. */
  private async guardedAttempt(plan: InvocationPlan, req: BuiltRequest, readTimeoutMs: number, deadline: number): Promise<(AttemptOutcome & { status: number; response: AttemptResponse }) | { error: AttemptError }> {
    const key = `${plan.environmentId}|${req.url.origin}`;
    const release = await this.limits.get(key).acquire(deadline - Date.now());
    if (!release) throw new Failure('concurrency_limit', `more than ${this.s.maxConcurrencyPerTarget} calls in flight to ${req.url.origin}; none finished in time`);
    try {
      const breaker = this.breakers.get(key);
      if (!breaker.tryPass()) throw new Failure('circuit_open', `circuit open for ${req.url.origin} (${breaker.retryInMs()} ms until a trial call)`);
      let outcome: (AttemptOutcome & { status: number; response: AttemptResponse }) | { error: AttemptError };
      try {
        const response = await this.exchange(plan, req, readTimeoutMs);
        outcome = { status: response.status, response };
      } catch (err) {
        if (!(err instanceof AttemptError)) {
          breaker.abandon();
          throw err;
        }
        outcome = { error: err };
      }
      if (isTargetFailure(outcome)) breaker.onFailure();
      else breaker.onSuccess();
      return outcome;
    } finally {
      release();
    }
  }

  /** Sends the request, following redirects (GET/HEAD only), every hop checked by the outbound guard. */
  private async exchange(plan: InvocationPlan, req: BuiltRequest, readTimeoutMs: number): Promise<AttemptResponse> {
    let url = req.url;
    let headers = req.headers;
    let fromPublic: boolean | undefined;
    for (let hop = 0; ; hop++) {
      const target = await checkTarget(url, plan.policy, this.resolve, { redirectFromPublic: fromPublic, log: (d) => this.logDecision(plan.environmentId, d) });
      const response = await sendAttempt({ target, method: req.method, headers, body: req.body, connectTimeoutMs: this.s.connectTimeoutMs, readTimeoutMs, maxResponseBytes: this.s.maxResponseBytes });
      const location = response.headers.location;
      if (!REDIRECTS.has(response.status) || !location || !['GET', 'HEAD'].includes(req.method)) return response;
      if (hop >= MAX_REDIRECTS) throw new Failure('connection', `more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(location, url);
      if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !CREDENTIAL_HEADERS.has(k) && !req.credentialHeaders.has(k)));
      fromPublic = !target.private;
      url = next;
    }
  }

  private oauthToken(plan: InvocationPlan, auth: RenderedAuth): Promise<string> {
    return this.tokens
      .get(tokenKey(plan, auth), () => this.fetchToken(plan, auth))
      .then((token) => {
        plan.redactor.add(token);
        return token;
      });
  }

  /** The client-credentials grant (RFC 6749 §4.4), client authenticated with HTTP Basic, through the guard. */
  private async fetchToken(plan: InvocationPlan, auth: RenderedAuth): Promise<{ token: string; expiresInSeconds: number }> {
    const v = auth.values;
    let url: URL;
    try {
      url = new URL(v.tokenUrl!);
    } catch {
      throw new TokenError('the token URL is not an absolute URL');
    }
    const target = await checkTarget(url, plan.policy, this.resolve, { log: (d) => this.logDecision(plan.environmentId, d) });
    const body = new URLSearchParams({ grant_type: 'client_credentials', ...(v.scope ? { scope: v.scope } : {}) }).toString();
    const basic = Buffer.from(`${encodeURIComponent(v.clientId!)}:${encodeURIComponent(v.clientSecret!)}`).toString('base64');
    plan.redactor.add(basic);
    const res = await sendAttempt({
      target,
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: Buffer.from(body),
      connectTimeoutMs: this.s.connectTimeoutMs,
      readTimeoutMs: this.s.readTimeoutMs,
      maxResponseBytes: 65536,
    }).catch((err: Error) => {
      throw new TokenError(`token endpoint unreachable (${err.message})`);
    });
    if (res.status !== 200) throw new TokenError(`token endpoint answered ${res.status}`);
    const json = parseJson(res.body) as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (typeof json?.access_token !== 'string' || !json.access_token) throw new TokenError('token endpoint answered no access_token');
    plan.redactor.add(json.access_token);
    return { token: json.access_token, expiresInSeconds: typeof json.expires_in === 'number' ? json.expires_in : Number(json.expires_in ?? 300) || 300 };
  }

  /** 2xx → output variables; a mapped status → the named error; anything else → failed (http_status). */
  private mapResponse(plan: InvocationPlan, res: AttemptResponse): Pick<ExecutionResult, 'outcome' | 'output' | 'error' | 'failure'> {
    const def = plan.definition;
    if (res.status >= 200 && res.status < 300) {
      const mapping = Object.entries(def.responseMapping ?? {});
      if (mapping.length === 0) return { outcome: 'ok', output: {} };
      const doc = parseJson(res.body);
      if (doc === undefined) return { outcome: 'failed', failure: { kind: 'response', message: 'the response is not JSON, so the response mapping cannot be applied', status: res.status } };
      try {
        return { outcome: 'ok', output: Object.fromEntries(mapping.map(([variable, path]) => [variable, redactDeep(readJsonPath(doc, path) ?? null, plan.redactor)])) };
      } catch (err) {
        return { outcome: 'failed', failure: { kind: 'response', message: (err as Error).message, status: res.status } };
      }
    }
    const cls = res.status >= 500 ? '5xx' : res.status >= 400 ? '4xx' : undefined;
    const mapped = def.errorMapping?.find((m) => m.status === res.status) ?? def.errorMapping?.find((m) => m.status === cls);
    if (mapped) return { outcome: 'error', error: { name: mapped.error, status: res.status } };
    return { outcome: 'failed', failure: { kind: 'http_status', message: `the target answered ${res.status}`, status: res.status } };
  }
}

/** The target refused an OAuth token (401): worth one new token. */
function isRefusedToken(outcome: { status: number } | { error: AttemptError }, auth: RenderedAuth): boolean {
  return 'status' in outcome && outcome.status === 401 && auth.type === 'oauth2ClientCredentials';
}

/** Output values with every secret replaced (a target may reflect the credentials it received). */
function redactDeep(v: unknown, redactor: Redactor): unknown {
  if (typeof v === 'string') return redactor.redact(v);
  if (Array.isArray(v)) return v.map((x) => redactDeep(x, redactor));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactDeep(x, redactor)]));
  return v;
}

function tokenKey(plan: InvocationPlan, auth: RenderedAuth): string {
  return JSON.stringify([plan.environmentId, auth.values.tokenUrl, auth.values.clientId, auth.values.scope ?? '']);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function attemptFailure(e: AttemptError): Failure {
  return new Failure(e.kind === 'connect_timeout' || e.kind === 'read_timeout' ? 'timeout' : e.kind === 'too_large' ? 'response' : 'connection', e.message);
}

function asFailure(err: unknown): Failure {
  if (err instanceof Failure) return err;
  if (err instanceof OutboundRefusedError) return new Failure('refused_by_policy', err.message);
  if (err instanceof TemplateError) return new Failure('template', err.message);
  if (err instanceof TokenError) return new Failure('auth', err.message);
  if (err instanceof AttemptError) return attemptFailure(err);
  throw err;
}

function recordHeaders(h: Record<string, string | string[] | undefined>, redactor: Redactor): Record<string, string> {
  return Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined).map(([k, v]) => [k, CREDENTIAL_HEADERS.has(k.toLowerCase()) ? REDACTED : redactor.redact(truncate(String(v), 500))]));
}

function recordRequest(req: BuiltRequest, redactor: Redactor): Record<string, unknown> {
  const headers = recordHeaders(req.headers, redactor);
  for (const h of req.credentialHeaders) if (h in headers) headers[h] = REDACTED;
  return { method: req.method, url: redactor.redact(req.url.toString()), headers, ...(req.body ? { body: redactor.redact(truncate(req.body.toString('utf8'))) } : {}) };
}

function recordResponse(res: AttemptResponse, redactor: Redactor): Record<string, unknown> {
  return { status: res.status, headers: recordHeaders(res.headers, redactor), body: redactor.redact(truncate(res.body.toString('utf8'))) };
}
