import { AccountsSubjects, type ServiceTokenReply } from '@fleet/contracts-accounts';
import { FleetHeaders } from '@fleet/contracts-fleet';
import { FleetError } from '@fleet/shared-errors';
import type { RequestOptions, RpcClient } from '@fleet/shared-nats';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthErrorCodes } from './auth-errors';

/**
 * The client secret of Fleet service `service`: base64url(HMAC-SHA256(FLEET_SERVICE_SECRET, service)).
 * Every service derives its own; accounts recomputes it to check a client-credentials request.
 */
export function fleetServiceSecret(masterSecret: string, service: string): string {
  return createHmac('sha256', masterSecret).update(service, 'utf8').digest('base64url');
}

/** Compares two secrets in constant time (different lengths are unequal, without early exit on content). */
export function secretsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) {
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}

/** After a failed fetch, callers within this many ms get the failure at once. */
const FAIL_FAST_MS = 1000;

/** An access token and when it expires (ms since epoch). */
export interface IssuedServiceToken {
  token: string;
  expiresAt: number;
}

/** Where a ServiceIdentity gets its token: accounts over NATS, or (in accounts) its own signer. */
export type ServiceTokenSource = () => Promise<IssuedServiceToken>;

export interface ServiceIdentityOptions {
  /** This service's name: its `client_id`. */
  service: string;
  /** FLEET_SERVICE_SECRET. */
  masterSecret: string;
  rpc: RpcClient;
  /** Renew this long before `exp`, in ms. Default 60 000. */
  renewBeforeMs?: number;
  /** Attempts of one fetch while accounts does not answer. Default 5. */
  attempts?: number;
  /** Pause between attempts, in ms (doubles each time). Default 200. */
  retryDelayMs?: number;
  now?: () => number;
}

/**
 * The process's own identity towards other services (the client-credentials grant of Fleet's
 * internal service accounts): obtains `svc:<service>` tokens from accounts (`accounts.auth.token`),
 * caches each until about a minute before it expires, shares one fetch between concurrent callers,
 * retries while accounts is not up, and keeps serving a still-valid token if a renewal fails.
 *
 * ```ts
 * await rpc.request(AccountsSubjects.userCreate, req, { headers: await serviceIdentity.headers() });
 * await serviceIdentity.request(rpc, AccountsSubjects.userCreate, req);
 * ```
 */
export class ServiceIdentity {
  private current?: IssuedServiceToken;
  private fetching?: Promise<IssuedServiceToken>;
  private lastFailure?: { at: number; err: FleetError };
  private source: ServiceTokenSource;
  private readonly o: Required<Omit<ServiceIdentityOptions, 'rpc'>> & Pick<ServiceIdentityOptions, 'rpc'>;

  constructor(options: ServiceIdentityOptions) {
    this.o = { renewBeforeMs: 60_000, attempts: 5, retryDelayMs: 200, now: Date.now, ...options };
    this.source = () => this.fromAccounts();
  }

  get service(): string {
    return this.o.service;
  }

  /** True when `secret` is the client secret of Fleet service `service` (accounts checks the grant with it; constant time). */
  isClientSecretOf(service: string, secret: string): boolean {
    return secretsEqual(fleetServiceSecret(this.o.masterSecret, service), secret);
  }

  /** Replaces where tokens come from (accounts signs its own instead of calling itself over NATS). */
  useTokenSource(source: ServiceTokenSource): void {
    this.source = source;
    this.current = undefined;
  }

  /** A valid access token of this service (cached; renewed shortly before it expires). */
  async token(): Promise<string> {
    const now = this.o.now();
    const cur = this.current;
    if (cur && now < cur.expiresAt - this.o.renewBeforeMs) return cur.token;
    const failure = this.lastFailure;
    if (failure && now - failure.at < FAIL_FAST_MS && !this.fetching) {
      if (cur && now < cur.expiresAt - 5_000) return cur.token;
      throw failure.err; // accounts was just found down: do not queue every caller behind new retries
    }
    try {
      this.fetching ??= this.fetchWithRetries().finally(() => (this.fetching = undefined));
      this.current = await this.fetching;
      this.lastFailure = undefined;
      return this.current.token;
    } catch (err) {
      this.lastFailure = { at: this.o.now(), err: this.failure(err) };
      if (cur && now < cur.expiresAt - 5_000) return cur.token; // renewal failed: the old token still works
      throw this.lastFailure.err;
    }
  }

  /** NATS headers that make a request come from this service (`authorization: Bearer <token>`). */
  async headers(extra: Record<string, string> = {}): Promise<Record<string, string>> {
    return { ...extra, [FleetHeaders.authorization]: `Bearer ${await this.token()}` };
  }

  /** `rpc.request` as this service. */
  async request<T>(rpc: RpcClient, subject: string, data: unknown, o: RequestOptions = {}): Promise<T> {
    return rpc.request<T>(subject, data, { ...o, headers: await this.headers(o.headers) });
  }

  private async fetchWithRetries(): Promise<IssuedServiceToken> {
    let delay = this.o.retryDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.source();
      } catch (err) {
        const retryable = err instanceof FleetError && /\.(UNAVAILABLE|TIMEOUT)$/.test(err.code);
        if (!retryable || attempt >= this.o.attempts) throw err;
        await new Promise((r) => setTimeout(r, delay));
        delay *= 2;
      }
    }
  }

  private failure(err: unknown): FleetError {
    if (err instanceof FleetError && /\.(UNAVAILABLE|TIMEOUT)$/.test(err.code)) return err;
    return new FleetError(AuthErrorCodes.UNAVAILABLE, `service ${this.o.service} cannot obtain its service token`, undefined, { cause: err });
  }

  private async fromAccounts(): Promise<IssuedServiceToken> {
    const started = this.o.now();
    const reply = await this.o.rpc.request<ServiceTokenReply>(AccountsSubjects.authToken, {
      grant_type: 'client_credentials',
      client_id: this.o.service,
      client_secret: fleetServiceSecret(this.o.masterSecret, this.o.service),
    });
    return { token: reply.access_token, expiresAt: started + reply.expires_in * 1000 };
  }
}
