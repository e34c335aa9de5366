import { request as httpRequest, type IncomingHttpHeaders, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import type { CheckedTarget } from './outbound-guard';

/** One HTTP exchange to a checked target. */
export interface AttemptRequest {
  target: CheckedTarget;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  connectTimeoutMs: number;
  /** Budget from the established connection to the last byte of the response. */
  readTimeoutMs: number;
  maxResponseBytes: number;
}

export interface AttemptResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type AttemptFailureKind = 'connect' | 'connect_timeout' | 'read_timeout' | 'reset' | 'tls' | 'too_large';

/** An attempt that got no complete response. `connected` tells whether the request may have reached the server. */
export class AttemptError extends Error {
  constructor(
    readonly kind: AttemptFailureKind,
    readonly connected: boolean,
    detail: string,
  ) {
    super(`${kind}: ${detail}`);
  }
}

/** Certificate and handshake failures: the target is not who it claims (or speaks no TLS); retrying cannot help. */
function isTlsError(err: NodeJS.ErrnoException): boolean {
  return /CERT|SSL|TLS|SELF_SIGNED|HOSTNAME|ALTNAME/i.test(err.code ?? '');
}

/** A lookup that answers the checked address only: the socket connects where the guard looked. */
function pinnedLookup(target: CheckedTarget): LookupFunction {
  return ((_host: string, options: { all?: boolean }, cb: (err: Error | null, address: string | { address: string; family: number }[], family?: number) => void) => {
    if (options?.all) cb(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  }) as unknown as LookupFunction;
}

/**
 * Sends one request with node:http(s) to the guard's address (TLS still verifies the host name),
 * with a connect timeout and a read timeout, and reads the whole response (up to a limit).
 */
export function sendAttempt(r: AttemptRequest): Promise<AttemptResponse> {
  const { url } = r.target;
  const options: RequestOptions = {
    method: r.method,
    headers: { ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) },
    lookup: pinnedLookup(r.target),
    agent: false,
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<AttemptResponse>((resolve, reject) => {
    let connected = false;
    let settled = false;
    let readTimer: NodeJS.Timeout | undefined;
    const connectTimer = setTimeout(() => fail(new AttemptError('connect_timeout', false, `no connection within ${r.connectTimeoutMs} ms`)), r.connectTimeoutMs);
    const req = send(url, options);
    const fail = (err: AttemptError) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(readTimer);
      req.destroy();
      reject(err);
    };
    const onConnected = () => {
      if (connected) return;
      connected = true;
      clearTimeout(connectTimer);
      readTimer = setTimeout(() => fail(new AttemptError('read_timeout', true, `no complete response within ${r.readTimeoutMs} ms`)), r.readTimeoutMs);
    };
    req.on('socket', (s: Socket) => {
      if (!s.connecting) onConnected();
      else s.once('connect', onConnected);
    });
    req.on('error', (err: NodeJS.ErrnoException) => fail(new AttemptError(isTlsError(err) ? 'tls' : connected ? 'reset' : 'connect', connected, err.code ?? err.message)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > r.maxResponseBytes) fail(new AttemptError('too_large', true, `response larger than ${r.maxResponseBytes} bytes`));
        else chunks.push(c);
      });
      res.on('error', (err: NodeJS.ErrnoException) => fail(new AttemptError('reset', true, err.code ?? err.message)));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        clearTimeout(readTimer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    req.end(r.body);
  });
}
