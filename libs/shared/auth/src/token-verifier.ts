import { FLEET_TOKEN_AUDIENCE, type Principal } from '@fleet/contracts-fleet';
import { FleetError } from '@fleet/shared-errors';
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { AuthErrorCodes, UnauthorizedError } from './auth-errors';
import { principalOf, realmMatches, type RealmRequirement } from './principal-claims';

/** The JWKS document accounts serves on `accounts.jwks.get` (and the gateway at /.well-known/jwks.json). */
export interface JwksDocument {
  keys: JWK[];
}

/** Loads the current JWKS (over NATS in production, from a test key in tests). */
export type JwksFetcher = () => Promise<JwksDocument>;

/** Answers whether a session (refresh-token family) is still active. */
export type SessionChecker = (sessionId: string) => Promise<boolean>;

/** The part of a pino logger the verifier uses. */
export interface AuthLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface TokenVerifierOptions {
  fetchJwks: JwksFetcher;
  /** Expected `iss` (`FLEET_TOKEN_ISSUER`). Default `fleet`. */
  issuer?: string;
  /** Expected `aud`. Default `fleet-api`. */
  audience?: string;
  /** Leeway on `exp` / `nbf`, in seconds. Default 30. */
  clockToleranceSec?: number;
  /** Minimum time between two JWKS fetches caused by an unknown `kid`, in ms. Default 10 000. */
  refetchIntervalMs?: number;
  /** Asks accounts whether a session is active; used by `verify(…, { checkSession: true })`. */
  sessionCheck?: SessionChecker;
  /** How long a session check answer is reused, in ms. Default 5000. */
  sessionCacheMs?: number;
  logger?: AuthLogger;
  /** Clock in ms (tests move it). */
  now?: () => number;
}

export interface VerifyOptions {
  /** The realm the caller must belong to: `company`, any environment (`env`), or one `env:<id>`. */
  realm?: RealmRequirement;
  /**
   * Also refuse a token whose session (`sid`) has ended (signed out, refresh token reused, idle),
   * without waiting for `exp`: one `sessionCheck` per session per `sessionCacheMs`. Tokens without
   * `sid` (service accounts) are not checked.
   */
  checkSession?: boolean;
}

/** The only signature algorithm Fleet access tokens may use; checked on the header before any key lookup. */
export const ALLOWED_ALGORITHMS: readonly string[] = ['ES256'];

/** Tokens longer than this are refused unparsed (a Fleet access token is about 600 bytes). */
const MAX_TOKEN_LENGTH = 8192;
/** While no JWKS was ever loaded (accounts down at boot), retry at most this often. */
const FIRST_LOAD_RETRY_MS = 1000;
const SESSION_CACHE_MAX = 10000;

type VerifyKey = Awaited<ReturnType<typeof importJWK>>;

const NO_LOGGER: AuthLogger = { info: () => undefined, warn: () => undefined };

/**
 * Verifies Fleet access tokens locally (ARCHITECTURE.md "Identity and access"): ES256 only, the key
 * found by `kid` in a cached JWKS that is refetched only for an unknown `kid` (at most once per
 * `refetchIntervalMs`, whatever the number of unknown kids presented), `iss`, `aud`, `typ: access`,
 * `exp`/`nbf` with leeway, the Fleet claims, and the realm the caller requires. Every refusal is an
 * {@link UnauthorizedError} with one generic message; the reason goes to the log.
 */
export class TokenVerifier {
  private keys = new Map<string, VerifyKey>();
  private loadedAt?: number;
  private lastAttemptAt?: number;
  private lastLoadError?: FleetError;
  private loading?: Promise<void>;
  private readonly sessions = new Map<string, { active: boolean; at: number }>();
  private readonly o: Required<Omit<TokenVerifierOptions, 'sessionCheck'>> & Pick<TokenVerifierOptions, 'sessionCheck'>;

  constructor(options: TokenVerifierOptions) {
    this.o = {
      issuer: 'fleet',
      audience: FLEET_TOKEN_AUDIENCE,
      clockToleranceSec: 30,
      refetchIntervalMs: 10000,
      sessionCacheMs: 5000,
      logger: NO_LOGGER,
      now: Date.now,
      ...options,
    };
  }

  /** Verifies `Authorization: Bearer <token>` (HTTP header or NATS header value). */
  async verifyAuthorization(authorization: string | undefined, o: VerifyOptions = {}): Promise<Principal> {
    const token = bearerToken(authorization);
    if (!token) return this.refuse(new UnauthorizedError(authorization ? 'the authorization value is not "Bearer <token>"' : 'no access token'));
    return this.verify(token, o);
  }

  /** Verifies an access token and returns the principal it names. */
  async verify(token: string, o: VerifyOptions = {}): Promise<Principal> {
    try {
      return await this.verifyOrThrow(token, o);
    } catch (err) {
      if (err instanceof UnauthorizedError) return this.refuse(err);
      if (err instanceof FleetError) throw err; // the keys cannot be loaded: not the caller's fault
      return this.refuse(new UnauthorizedError(joseReason(err), { cause: err }));
    }
  }

  private refuse(err: UnauthorizedError): never {
    this.o.logger.info({ reason: err.reason }, 'access token refused');
    throw err;
  }

  private async verifyOrThrow(token: string, o: VerifyOptions): Promise<Principal> {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 3) throw new UnauthorizedError('not a compact JWS');
    const header = decodeProtectedHeader(token);
    if (typeof header.alg !== 'string' || !ALLOWED_ALGORITHMS.includes(header.alg)) throw new UnauthorizedError(`algorithm ${String(header.alg)} is not allowed`);
    if (typeof header.kid !== 'string' || !header.kid) throw new UnauthorizedError('no kid in the header');
    const key = await this.keyFor(header.kid);
    const { payload } = await jwtVerify(token, key, {
      algorithms: [...ALLOWED_ALGORITHMS],
      issuer: this.o.issuer,
      audience: this.o.audience,
      clockTolerance: this.o.clockToleranceSec,
      currentDate: new Date(this.o.now()),
      requiredClaims: ['sub', 'exp', 'realm', 'cid', 'kind', 'typ'],
    });
    const principal = principalOf(payload as JWTPayload & Record<string, unknown>);
    if (!realmMatches(principal.realm, o.realm)) throw new UnauthorizedError(`realm ${principal.realm} where ${o.realm} is required`);
    if (o.checkSession) await this.checkSession(principal);
    return principal;
  }

  private async keyFor(kid: string): Promise<VerifyKey> {
    const known = this.keys.get(kid);
    if (known) return known;
    await this.refresh();
    const key = this.keys.get(kid);
    if (!key) throw new UnauthorizedError(`unknown kid ${kid.slice(0, 64)}`);
    return key;
  }

  /** Loads the JWKS unless a load is running (then waits for it) or the last one is too recent. */
  private async refresh(): Promise<void> {
    if (this.loading) return this.loading;
    const now = this.o.now();
    const interval = this.loadedAt === undefined ? FIRST_LOAD_RETRY_MS : this.o.refetchIntervalMs;
    if (this.lastAttemptAt !== undefined && now - this.lastAttemptAt < interval) {
      if (this.loadedAt === undefined && this.lastLoadError) throw this.lastLoadError;
      return;
    }
    this.lastAttemptAt = now;
    this.loading = this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    try {
      const doc = await this.o.fetchJwks();
      if (!doc || !Array.isArray(doc.keys)) throw new Error('the JWKS has no keys array');
      const next = new Map<string, VerifyKey>();
      for (const jwk of doc.keys) {
        const key = await this.importKey(jwk);
        if (key) next.set(jwk.kid!, key);
      }
      this.keys = next;
      this.loadedAt = this.o.now();
      this.lastLoadError = undefined;
    } catch (err) {
      this.o.logger.warn({ err }, 'cannot load the token signing keys (JWKS)');
      if (this.loadedAt !== undefined) return; // keep the keys we have; the unknown kid is refused
      this.lastLoadError = new FleetError(AuthErrorCodes.UNAVAILABLE, 'the token signing keys cannot be loaded right now; retry shortly', undefined, { cause: err });
      throw this.lastLoadError;
    }
  }

  /** Imports a public P-256 signing key; anything else in the JWKS is skipped (and logged). */
  private async importKey(jwk: JWK): Promise<VerifyKey | undefined> {
    const usable = jwk?.kty === 'EC' && jwk.crv === 'P-256' && typeof jwk.kid === 'string' && !!jwk.kid && (jwk.alg ?? 'ES256') === 'ES256' && (jwk.use ?? 'sig') === 'sig' && jwk.d === undefined;
    if (!usable) {
      this.o.logger.warn({ kid: jwk?.kid, kty: jwk?.kty, alg: jwk?.alg }, 'JWKS entry skipped: not a public ES256 signing key');
      return undefined;
    }
    try {
      return await importJWK(jwk, 'ES256');
    } catch (err) {
      this.o.logger.warn({ kid: jwk.kid, err }, 'JWKS entry skipped: cannot import it');
      return undefined;
    }
  }

  private async checkSession(principal: Principal): Promise<void> {
    const check = this.o.sessionCheck;
    if (!check) throw new Error('checkSession was asked of a TokenVerifier built without sessionCheck');
    if (!principal.sessionId) return;
    const now = this.o.now();
    const cached = this.sessions.get(principal.sessionId);
    let active = cached && now - cached.at < this.o.sessionCacheMs ? cached.active : undefined;
    if (active === undefined) {
      active = await this.askSession(check, principal.sessionId);
      if (this.sessions.size >= SESSION_CACHE_MAX) this.sessions.clear();
      this.sessions.set(principal.sessionId, { active, at: now });
    }
    if (!active) throw new UnauthorizedError(`session ${principal.sessionId} is no longer active`);
  }

  /**
   * The session check is a revocation shortcut on top of a token that verified: when accounts
   * cannot answer (unavailable, timeout), the token is accepted as if the check were off (it still
   * expires at `exp`, 15 min at most) rather than taking every authenticated route down with
   * accounts. The answer is cached like a real one, so an outage costs one failed call per session
   * per `sessionCacheMs`.
   */
  private async askSession(check: SessionChecker, sessionId: string): Promise<boolean> {
    try {
      return await check(sessionId);
    } catch (err) {
      this.o.logger.warn({ err, sessionId }, 'session check unavailable: accepting the verified token until it expires');
      return true;
    }
  }
}

/** The token of an `Authorization: Bearer <token>` value, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const m = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i.exec(authorization ?? '');
  return m?.[1];
}

/** A log-friendly reason for an error thrown by jose. */
function joseReason(err: unknown): string {
  const e = err as { code?: string; claim?: string; reason?: string; message?: string };
  if (e?.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') return `claim ${e.claim} ${e.reason}: ${e.message}`;
  return `${e?.code ?? 'error'}: ${e?.message ?? String(err)}`;
}
