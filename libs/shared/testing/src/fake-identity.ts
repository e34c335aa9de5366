import { FLEET_TOKEN_AUDIENCE, type AccessTokenClaims } from '@fleet/contracts-fleet';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';

/**
 * A stand-in for the accounts service in integration tests of OTHER services: it signs access
 * tokens with its own ES256 key and answers `accounts.jwks.get`, `accounts.user.create` and
 * `accounts.user.deactivate` on the run's prefix, in the documented wire format. accounts' own
 * tests pin the real behaviour of these subjects.
 */
export class FakeIdentity {
  readonly users = new Map<string, { userId: string; companyId: string; email: string }>();
  private subs: Subscription[] = [];

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

  /** Answers the accounts subjects other services call, on `prefix`. */
  serve(nc: NatsConnection, prefix: string): void {
    const answer = (subject: string, handle: (data: Record<string, string>) => unknown) => {
      this.subs.push(
        nc.subscribe(`${prefix}${subject}`, {
          queue: 'accounts',
          callback: (_e, msg) => {
            const packet = msg.json<{ id: string; data: Record<string, string> }>();
            try {
              msg.respond(JSON.stringify({ id: packet.id, isDisposed: true, response: handle(packet.data) }));
            } catch (err) {
              msg.respond(JSON.stringify({ id: packet.id, isDisposed: true, err: err as object }));
            }
          },
        }),
      );
    };
    answer('accounts.jwks.get', () => ({ keys: [this.publicJwk] }));
    answer('accounts.session.check', () => ({ active: true }));
    answer('accounts.user.create', (d) => {
      const key = `${d.realm}|${d.email.toLowerCase()}`;
      const existing = this.users.get(key);
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- thrown as the wire error envelope the reply carries
      if (existing && existing.companyId !== d.companyId) throw { code: 'ACCOUNTS.CONFLICT', message: 'this e-mail belongs to another company' };
      if (existing) return { userId: existing.userId, created: false };
      const user = { userId: randomUUID(), companyId: d.companyId, email: d.email.toLowerCase() };
      this.users.set(key, user);
      return { userId: user.userId, created: true };
    });
    answer('accounts.user.deactivate', (d) => ({ userId: d.userId, status: 'deactivated' }));
  }

  stop(): void {
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
  }
}
