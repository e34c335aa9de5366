import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** What the target saw of one request. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string, seen: SeenRequest[]) => void;

/**
 * A real HTTP server on loopback that plays the external system: routes that echo, fail, flap,
 * stall, rate-limit, redirect, and an OAuth 2.0 token endpoint (client credentials with HTTP Basic).
 */
export class TargetServer {
  readonly seen: SeenRequest[] = [];
  readonly routes = new Map<string, Handler>();
  private server?: Server;
  url = '';
  /** Access tokens the token endpoint issued (the protected route accepts only these). */
  readonly issuedTokens = new Set<string>();
  tokenRequests = 0;

  constructor() {
    const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    // Echo: reflects everything it got, credentials included (so redaction is tested against a target that leaks).
    this.routes.set('/echo', (req, res, body) => json(res, 200, { method: req.method, url: req.url, headers: req.headers, body, customer: { id: 'c-1', name: 'Ann' }, items: [{ sku: 'A1' }] }));
    this.routes.set('/status', (req, res) => {
      const code = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('code') ?? 500);
      json(res, code, { error: `status ${code}` });
    });
    this.routes.set('/slow', (_req, res) => {
      const t = setTimeout(() => json(res, 200, { late: true }), 2000);
      res.on('close', () => clearTimeout(t));
    });
    this.routes.set('/oauth/token', (req, res, body) => {
      this.tokenRequests++;
      const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      const form = new URLSearchParams(body);
      if (basic !== 'fleet-client:canary-oauth-secret-Q8' || form.get('grant_type') !== 'client_credentials') return json(res, 401, { error: 'invalid_client' });
      const token = `tok-${this.tokenRequests}-${Math.random().toString(36).slice(2)}`;
      this.issuedTokens.add(token);
      json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: form.get('scope') });
    });
    this.routes.set('/protected', (req, res) => {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!this.issuedTokens.has(token)) return json(res, 401, { error: 'invalid_token' });
      json(res, 200, { ok: true, token });
    });
  }

  /** Answers the next `n` requests to `path` with `status` (and headers), then 200 with `{ ok: true }`. */
  flap(path: string, n: number, status: number, headers: Record<string, string> = {}): void {
    let left = n;
    this.routes.set(path, (_req, res) => {
      if (left-- > 0) {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify({ failing: true }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true }));
      }
    });
  }

  /** Answers every request to `path` with a redirect to `location`. */
  redirect(path: string, location: string): void {
    this.routes.set(path, (_req, res) => {
      res.writeHead(302, { location });
      res.end();
    });
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        this.seen.push({ method: req.method ?? '', path, headers: req.headers, body, at: Date.now() });
        const h = this.routes.get(path);
        if (!h) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end('{"error":"no route"}');
          return;
        }
        h(req, res, body, this.seen);
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const a = this.server.address();
    this.url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  }

  /** Requests seen on `path`. */
  on(path: string): SeenRequest[] {
    return this.seen.filter((s) => s.path === path);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}

/** A port nothing listens on (bound, then released). */
export async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const a = s.address();
  await new Promise((r) => s.close(r));
  return typeof a === 'object' && a ? a.port : 0;
}
