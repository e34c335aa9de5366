import { FleetError } from '@fleet/shared-errors';
import type { CallHandler, ExecutionContext, INestApplication, NestInterceptor } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { from, switchMap, type Observable } from 'rxjs';
import type { CallerRequest } from '../auth/auth.decorators';
import type { GatewayEnv } from '../config';
import { MemoryBucketStore, RedisBucketStore, type BucketRule, type BucketStore } from '../rate-limit/token-bucket';
import type { WafBlockLog } from '../waf/block-log';
import { urlDecodeUni } from '../waf/decode';
import { WafEngine, type WafHit, type WafVerdict } from '../waf/engine';
import type { WafRequest } from '../waf/targets';
import { parseCustomRules, wafConfigFrom, type CustomRules } from '../waf/waf-config';
import { allowed, parseAllowlists, type Cidr } from './ip-allowlist';

/** Sign-in, MFA, password and token routes: a much smaller bucket per client address. */
const LOGIN_ROUTE = /^\/api\/v1\/auth\/(?:login|mfa|password|password-reset(?:\/complete)?|token)\/?$/;
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** Work Portal routes of one environment. */
const PORTAL_PATH = new RegExp(`^/api/v1/(?:portal|environments)/(${UUID})/portal(?:/|$)|^/api/v1/portal/(${UUID})(?:/|$)`);
const ENV_REALM = new RegExp(`env:(${UUID})`);

export interface Edge {
  engine: WafEngine;
  store: BucketStore;
  close(): Promise<void>;
}

type EdgeRequest = FastifyRequest & { edgeEnvironment?: string };

function problem(reply: FastifyReply, status: number, code: string, message: string, extra: Record<string, unknown> = {}): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send({ code, message, requestId: String(reply.request.id), ...extra });
}

function rules(hits: WafHit[]): number[] {
  return [...new Set(hits.map((h) => h.id))].sort((a, b) => a - b);
}

/**
 * Reads the body as it arrives, never more than `limit` bytes: past it, reading stops (the stream is
 * paused, not destroyed, so the 413 can still be written) and the answer is `undefined`.
 */
function readBody(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        stream.pause();
        resolve(undefined);
      } else chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

function hasBody(req: FastifyRequest): boolean {
  const cl = req.headers['content-length'];
  return (cl !== undefined && cl !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** The environment whose Work Portal a request is for: its path, its token's realm, or the realm it signs in to. */
function environmentOf(req: FastifyRequest, body: Buffer | undefined): string | undefined {
  const path = PORTAL_PATH.exec(req.url.split('?')[0]);
  if (path) return (path[1] ?? path[2]).toLowerCase();
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    // unverified on purpose: the claim only ever adds a restriction (a forged one only hurts its forger)
    const payload = auth.slice(7).split('.')[1];
    if (payload && payload.length < 4096) {
      const m = ENV_REALM.exec(Buffer.from(payload, 'base64url').toString('utf8'));
      if (m) return m[1].toLowerCase();
    }
  }
  const q = req.url.indexOf('?');
  const realmInQuery = q >= 0 ? ENV_REALM.exec(urlDecodeUni(req.url.slice(q, q + 4096))) : null;
  if (realmInQuery) return realmInQuery[1].toLowerCase();
  if (body && body.length < 65536 && LOGIN_ROUTE.test(req.url.split('?')[0])) return ENV_REALM.exec(body.toString('utf8'))?.[1].toLowerCase();
  return undefined;
}

function allowedForEnvironment(lists: Map<string, Cidr[]>, environment: string | undefined, address: string | undefined): boolean {
  const list = environment ? lists.get(environment) : undefined;
  return !list || allowed(address, list);
}

function customHits(custom: CustomRules, req: FastifyRequest, env: string | undefined): WafHit[] {
  const hits: WafHit[] = [];
  const ip = req.socket.remoteAddress;
  const denied = (list: readonly Cidr[] | undefined): boolean => !!list && list.length > 0 && allowed(ip, list);
  if (denied(custom.denyIps) || (env && denied(custom.envDenyIps.get(env)))) {
    hits.push({ id: 100000, group: 'custom', score: 1000, msg: 'client address denied', target: 'client', excerpt: ip ?? '' });
  }
  for (const r of custom.rules) {
    const value = r.uri ? req.url : (req.headers[r.header!] ?? '');
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (r.pattern.test(text.slice(0, 8192))) hits.push({ id: r.id, group: 'custom', score: r.score, msg: r.msg, target: r.uri ? 'uri' : `header.${r.header}`, excerpt: text.slice(0, 120) });
  }
  return hits;
}

export interface EdgeDeps {
  env: GatewayEnv;
  /** FLEET_SUBJECT_PREFIX: also namespaces the shared rate-limit keys (several fleets on one Redis). */
  subjectPrefix: string;
  logger: Logger;
  blockLog: WafBlockLog;
}

/** Builds the edge from the gateway's settings (throws on bad JSON settings: the boot stops with the reason). */
export function createEdge({ env, logger, subjectPrefix }: EdgeDeps): Edge & { custom: CustomRules; allowlists: Map<string, Cidr[]> } {
  const engine = new WafEngine(wafConfigFrom(env));
  const store: BucketStore = env.GATEWAY_REDIS_URL
    ? new RedisBucketStore(new Redis(env.GATEWAY_REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 1000, commandTimeout: 200 }), logger, `fleet:rl:${subjectPrefix}`)
    : new MemoryBucketStore();
  return {
    engine,
    store,
    custom: parseCustomRules(env.GATEWAY_WAF_CUSTOM_RULES),
    allowlists: parseAllowlists(env.GATEWAY_ENV_ALLOWLISTS),
    close: () => store.close(),
  };
}

/** Per-address buckets (all routes, and a smaller one for sign-in routes) before anything else; per-principal after the guard. */
function installRateLimits(app: INestApplication, fastify: FastifyInstance, store: BucketStore, env: GatewayEnv): void {
  const ipRule: BucketRule = { name: 'ip', capacity: env.GATEWAY_RATE_LIMIT_IP_PER_SECOND * 5, refillPerSecond: env.GATEWAY_RATE_LIMIT_IP_PER_SECOND };
  const loginRule: BucketRule = { name: 'login', capacity: env.GATEWAY_RATE_LIMIT_LOGIN_PER_MINUTE, refillPerSecond: env.GATEWAY_RATE_LIMIT_LOGIN_PER_MINUTE / 60 };
  const principalRule: BucketRule = { name: 'principal', capacity: env.GATEWAY_RATE_LIMIT_PRINCIPAL_PER_SECOND * 5, refillPerSecond: env.GATEWAY_RATE_LIMIT_PRINCIPAL_PER_SECOND };

  const refuse = (reply: FastifyReply, retryAfterMs: number, which: string): FastifyReply => {
    void reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
    return problem(reply, 429, 'GATEWAY.RATE_LIMITED', `too many requests (${which} limit): try again after Retry-After seconds`);
  };

  fastify.addHook('onRequest', async (req, reply) => {
    const ip = req.socket.remoteAddress ?? 'unknown';
    if (ipRule.refillPerSecond > 0) {
      const r = await store.take(ip, ipRule);
      if (!r.allowed) return refuse(reply, r.retryAfterMs, 'client address');
    }
    if (loginRule.refillPerSecond > 0 && req.method === 'POST' && LOGIN_ROUTE.test(req.url.split('?')[0])) {
      const r = await store.take(ip, loginRule);
      if (!r.allowed) return refuse(reply, r.retryAfterMs, 'sign-in');
    }
    return undefined;
  });

  app.useGlobalInterceptors(new PrincipalRateLimit(store, principalRule));
}

/**
 * Installs the edge on the gateway's Fastify instance, in front of routing, the auth guard and every
 * controller: per-address rate limits (onRequest), then (preParsing, with the body read up to the
 * limit) custom rules, the environment's IP allowlist and the WAF.
 */
export function installEdge(app: INestApplication, deps: EdgeDeps): Edge {
  const { env, logger, blockLog } = deps;
  const edge = createEdge(deps);
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  installRateLimits(app, fastify, edge.store, env);
  fastify.addHook('preParsing', async (req: EdgeRequest, reply, payload) => {
    let body: Buffer | undefined;
    if (hasBody(req)) {
      body = await readBody(payload, env.GATEWAY_BODY_LIMIT_BYTES);
      if (body === undefined) {
        void reply.header('x-waf-block', '920400').header('connection', 'close');
        record(req, { score: 5, hits: [{ id: 920400, group: 'protocol', score: 5, msg: 'body too large', target: 'body', excerpt: '' }], anomalous: true, micros: 0 }, true);
        return problem(reply, 413, 'GATEWAY.PAYLOAD_TOO_LARGE', `the request body is larger than ${env.GATEWAY_BODY_LIMIT_BYTES} bytes`, { rules: [920400] });
      }
    }
    const environment = environmentOf(req, body);
    if (!allowedForEnvironment(edge.allowlists, environment, req.socket.remoteAddress)) {
      logger.info({ requestId: String(req.id), client: req.socket.remoteAddress, environment }, 'client address not in the environment allowlist');
      return problem(reply, 403, 'GATEWAY.IP_NOT_ALLOWED', 'this environment does not accept requests from your address');
    }
    if (env.GATEWAY_WAF_MODE !== 'off') {
      const verdict = inspect(req, body, environment);
      if (verdict.anomalous) {
        const blocked = env.GATEWAY_WAF_MODE === 'prevention' || verdict.hits.some((h) => h.group === 'custom');
        record(req, verdict, blocked);
        if (blocked) {
          const ids = rules(verdict.hits);
          void reply.header('x-waf-block', ids.join(','));
          return problem(reply, 403, 'GATEWAY.WAF_BLOCKED', 'the request was refused by the web application firewall: quote the requestId if it was legitimate', { rules: ids });
        }
      }
    }
    if (body === undefined) return payload;
    const replay = Readable.from([body]) as Readable & { receivedEncodedLength?: number };
    replay.receivedEncodedLength = body.length;
    return replay;
  });

  const inspect = (req: FastifyRequest, body: Buffer | undefined, environment: string | undefined): WafVerdict => {
    try {
      return inspectUnsafe(req, body, environment);
    } catch (err) {
      // fail closed: a request the WAF cannot judge is not let through
      logger.error({ requestId: String(req.id), err }, 'the WAF failed on a request: refused');
      return { score: 1000, hits: [{ id: 949000, group: 'engine', score: 1000, msg: 'WAF could not inspect the request', target: 'request', excerpt: '' }], anomalous: true, micros: 0 };
    }
  };

  const inspectUnsafe = (req: FastifyRequest, body: Buffer | undefined, environment: string | undefined): WafVerdict => {
    const wafReq: WafRequest = {
      method: req.raw.method ?? 'GET',
      url: req.raw.url ?? '/',
      httpVersion: req.raw.httpVersion,
      headers: req.headers,
      rawHeaders: req.raw.rawHeaders,
      remoteAddress: req.socket.remoteAddress ?? '',
      body,
    };
    const custom = customHits(edge.custom, req, environment);
    const verdict = edge.engine.inspect(wafReq);
    if (custom.length === 0) return verdict;
    const hits = [...custom, ...verdict.hits];
    const score = hits.reduce((s, h) => s + h.score, 0);
    return { ...verdict, hits, score, anomalous: score >= edge.engine.config.threshold };
  };

  const record = (req: FastifyRequest, verdict: WafVerdict, blocked: boolean): void => {
    const entry = {
      at: new Date().toISOString(),
      requestId: String(req.id),
      client: req.socket.remoteAddress ?? '',
      method: req.method,
      path: req.url.split('?')[0].slice(0, 512),
      mode: env.GATEWAY_WAF_MODE,
      blocked,
      score: verdict.score,
      ruleIds: rules(verdict.hits),
      hits: verdict.hits.map(({ id, group, score, target, msg }) => ({ id, group, score, target, msg })),
    };
    blockLog.add(entry);
    logger.warn({ event: 'waf.block', ...entry }, blocked ? 'blocked by the WAF' : 'flagged by the WAF (detection only)');
  };

  return edge;
}

/** After the auth guard: a bucket per verified principal (its `sub`), whatever address it comes from. */
export class PrincipalRateLimit implements NestInterceptor {
  constructor(
    private readonly store: BucketStore,
    private readonly rule: BucketRule,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http' || this.rule.refillPerSecond <= 0) return next.handle();
    const req = ctx.switchToHttp().getRequest<CallerRequest>();
    const sub = req.caller?.principal.sub;
    if (!sub) return next.handle();
    return from(this.store.take(sub, this.rule)).pipe(
      switchMap((r) => {
        if (r.allowed) return next.handle();
        const reply = ctx.switchToHttp().getResponse<FastifyReply>();
        void reply.header('retry-after', String(Math.max(1, Math.ceil(r.retryAfterMs / 1000))));
        throw new FleetError('GATEWAY.RATE_LIMITED', 'too many requests (principal limit): try again after Retry-After seconds');
      }),
    );
  }
}
