import { FLEET_TOKEN_AUDIENCE, type AccessTokenClaims } from '@fleet/contracts-fleet';
import type { MsgHdrs, NatsConnection, Subscription } from '@nats-io/transport-node';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { TEST_SERVICE_SECRET } from './in-process-service';

/** The nil company id of internal service tokens (realm `fleet`). */
const NO_COMPANY_ID = '00000000-0000-0000-0000-000000000000';

/**
 * A stand-in for the accounts service in integration tests of OTHER services: it signs access
 * tokens with its own ES256 key and answers `accounts.jwks.get`, `accounts.auth.token` (the
 * client-credentials grant of Fleet services, secrets derived from {@link TEST_SERVICE_SECRET}),
 * `accounts.session.check`, `accounts.user.create` and `accounts.user.deactivate` on the run's
 * prefix, in the documented wire format. Like accounts, it refuses the internal subjects without a
 * service token of an allowed service (`svc:platform` for users, any `svc:*` for sessions).
 * accounts' own tests pin the real behaviour of these subjects.
 */
export class FakeIdentity {
  readonly users = new Map<string, { userId: string; companyId: string; email: string }>();
  private subs: Subscription[] = [];
  /** The `sub` of every service token that called an internal subject, in order (tests assert on it). */
  readonly internalCallers: string[] = [];

  private constructor(
    private readonly kid: string,
    private readonly privateKey: CryptoKey,
    readonly publicJwk: JWK,
  ) {}

  static async create(): Promise<FakeIdentity> {
    const kid = `fake-${randomUUID()}`;
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    return new FakeIdentity(kid, privateKey, { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' });
  }

  /** A valid company-realm access token for `userId` of `companyId` (override any claim). */
  token(userId: string, companyId: string, overrides: Partial<AccessTokenClaims> = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims: AccessTokenClaims = { iss: 'fleet', aud: FLEET_TOKEN_AUDIENCE, sub: userId, realm: 'company', cid: companyId, sid: randomUUID(), typ: 'access', kind: 'user', iat: now, nbf: now, exp: now + 900, ...overrides };
    return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'ES256', kid: this.kid, typ: 'JWT' }).sign(this.privateKey);
  }

  /** An internal service token of Fleet service `service` (realm `fleet`, `sub: svc:<service>`). */
  serviceToken(service: string): Promise<string> {
    return this.token(`svc:${service}`, NO_COMPANY_ID, { realm: 'fleet', kind: 'service', sid: undefined });
  }

  /** Answers the accounts subjects other services call, on `prefix`. */
  serve(nc: NatsConnection, prefix: string): void {
    const answer = (subject: string, handle: (data: Record<string, string>) => unknown, internal?: (sub: string) => boolean) => {
      this.subs.push(
        nc.subscribe(`${prefix}${subject}`, {
          queue: 'accounts',
          callback: (_e, msg) => {
            const packet = msg.json<{ id: string; data: Record<string, string> }>();
            const reply = async () => {
              if (internal) await this.requireService(msg.headers, internal);
              return handle(packet.data);
            };
            reply().then(
              (response) => msg.respond(JSON.stringify({ id: packet.id, isDisposed: true, response })),
              (err: unknown) => msg.respond(JSON.stringify({ id: packet.id, isDisposed: true, err: err as object })),
            );
          },
        }),
      );
    };
    const platformOnly = (sub: string) => sub === 'svc:platform';
    answer('accounts.jwks.get', () => ({ keys: [this.publicJwk] }));
    answer('accounts.auth.token', (d) => this.grant(d));
    answer('accounts.session.check', () => ({ active: true }), (sub) => sub.startsWith('svc:'));
    answer('accounts.user.create', (d) => {
      const key = `${d.realm}|${d.email.toLowerCase()}`;
      const existing = this.users.get(key);
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- thrown as the wire error envelope the reply carries
      if (existing && existing.companyId !== d.companyId) throw { code: 'ACCOUNTS.CONFLICT', message: 'this e-mail belongs to another company' };
      if (existing) return { userId: existing.userId, created: false };
      const user = { userId: randomUUID(), companyId: d.companyId, email: d.email.toLowerCase() };
      this.users.set(key, user);
      return { userId: user.userId, created: true };
    }, platformOnly);
    answer('accounts.user.deactivate', (d) => ({ userId: d.userId, status: 'deactivated' }), platformOnly);
  }

  /** The client-credentials grant of Fleet services: client_secret = base64url(HMAC-SHA256(TEST_SERVICE_SECRET, client_id)). */
  private async grant(d: Record<string, string>): Promise<object> {
    const expected = Buffer.from(createHmac('sha256', TEST_SERVICE_SECRET).update(String(d.client_id)).digest('base64url'));
    const given = Buffer.from(String(d.client_secret));
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- thrown as the wire error envelope the reply carries
    if (d.grant_type !== 'client_credentials' || expected.length !== given.length || !timingSafeEqual(expected, given)) throw { code: 'ACCOUNTS.UNAUTHORIZED', message: 'invalid credentials' };
    return { access_token: await this.serviceToken(d.client_id), token_type: 'Bearer', expires_in: 900 };
  }

  /** Refuses (ACCOUNTS.UNAUTHORIZED) a request without a valid internal service token of an allowed service. */
  private async requireService(headers: MsgHdrs | undefined, allowed: (sub: string) => boolean): Promise<void> {
    const token = /^Bearer (.+)$/.exec(headers?.get('authorization') ?? '')?.[1];
    const refused = { code: 'ACCOUNTS.UNAUTHORIZED', message: 'invalid credentials' };
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- thrown as the wire error envelope the reply carries
    if (!token) throw refused;
    const verified = await jwtVerify(token, await importJWK(this.publicJwk, 'ES256'), { audience: FLEET_TOKEN_AUDIENCE }).catch(() => undefined);
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- thrown as the wire error envelope the reply carries
    if (!verified) throw refused;
    const { payload } = verified;
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- thrown as the wire error envelope the reply carries
    if (payload.realm !== 'fleet' || payload.kind !== 'service' || typeof payload.sub !== 'string' || !allowed(payload.sub)) throw refused;
    this.internalCallers.push(payload.sub);
  }

  stop(): void {
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
  }
}
