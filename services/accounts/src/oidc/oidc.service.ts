import {
  AccountsErrorCodes,
  COMPANY_REALM,
  INVALID_CREDENTIALS_MESSAGE,
  type DeleteOidcProviderReply,
  type OidcCallbackRequest,
  type OidcProviderReply,
  type OidcStartReply,
  type OidcStartRequest,
  type SetOidcProviderRequest,
  type TokenPairReply,
} from '@fleet/contracts-accounts';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { LessThan, type DataSource } from 'typeorm';
import { SignInCompleter } from '../credentials/sign-in-completer';
import { KeyRing } from '../keys/key-ring.service';
import { PolicyService } from '../policy/policy.service';
import { normalizeEmail } from '../users/user-identity';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { OidcProvider, OidcState } from './oidc.entities';

/** How long a started sign-in may take at the provider. */
const STATE_TTL_MS = 10 * 60_000;
/** How long a provider's discovery document is trusted. */
const DISCOVERY_TTL_MS = 5 * 60_000;
/** Every call to a provider gives up after this. */
const PROVIDER_TIMEOUT_MS = 5_000;
const DEFAULT_SCOPES = ['email', 'profile'];

/** The part of a provider's discovery document the flow uses. */
interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

/** A refusal of the flow: its reason is logged, the caller only ever sees the generic 401. */
class OidcRefusal extends Error {}

/** One realm's provider: the company realm of a company, or an environment realm (with its company). */
export interface RealmAddress {
  companyId: string;
  realm: string;
}

/**
 * The sealing context of a provider's client secret: bound to its realm, so a sealed secret copied to
 * another realm's row does not open. The company realm keeps the context it had before realms were keys.
 */
const sealContext = (at: RealmAddress): string => (at.realm === COMPANY_REALM ? `oidc-provider:${at.companyId}` : `oidc-provider:${at.companyId}:${at.realm}`);

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const randomToken = (): string => randomBytes(32).toString('base64url');

/**
 * Sign-in through a realm's external OpenID Connect provider (the company realm or an environment realm): authorization code flow with
 * PKCE (S256), a one-time state and a nonce; the id_token is verified against the provider's JWKS,
 * the user matched (or provisioned) by verified e-mail, and the sign-in completed like a password
 * login (session, token pair, audit), the provider standing for the password and its policy.
 */
@Injectable()
export class OidcService {
  private readonly discoveries = new Map<string, { doc: Discovery; at: number }>();
  private readonly jwks = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.logger) private readonly logger: Logger,
    private readonly keys: KeyRing,
    private readonly policies: PolicyService,
    private readonly users: UsersService,
    private readonly completer: SignInCompleter,
  ) {}

  async get(at: RealmAddress): Promise<OidcProviderReply> {
    const row = await this.ds.getRepository(OidcProvider).findOne({ where: { companyId: at.companyId, realm: at.realm } });
    if (!row) throw new FleetError(AccountsErrorCodes.NOT_FOUND, `the realm ${at.realm} has no identity provider`);
    return replyOf(row);
  }

  async set(at: RealmAddress, req: SetOidcProviderRequest): Promise<OidcProviderReply> {
    const row: OidcProvider = {
      companyId: at.companyId,
      realm: at.realm,
      issuer: req.issuer.replace(/\/+$/, ''),
      clientId: req.clientId,
      clientSecretEncrypted: this.keys.seal(sealContext(at), req.clientSecret),
      scopes: req.scopes ?? DEFAULT_SCOPES,
      provision: req.provision,
      updatedAt: new Date(),
    };
    await this.ds.getRepository(OidcProvider).save(row);
    this.discoveries.delete(row.issuer);
    return replyOf(row);
  }

  async delete(at: RealmAddress): Promise<DeleteOidcProviderReply> {
    await this.ds.getRepository(OidcProvider).delete({ companyId: at.companyId, realm: at.realm });
    return { deleted: true };
  }

  /** Where to send the browser: the provider's authorization endpoint with state, nonce and S256 challenge. */
  async start(req: OidcStartRequest): Promise<OidcStartReply> {
    return this.generic('start', async () => {
      const provider = await this.providerForStart(req);
      const doc = await this.discover(provider.issuer);
      const state = randomToken();
      const nonce = randomToken();
      const verifier = randomToken();
      const stateHash = sha256(state);
      const now = Date.now();
      await this.ds.getRepository(OidcState).delete({ expiresAt: LessThan(new Date(now)) });
      await this.ds.getRepository(OidcState).insert({
        stateHash,
        companyId: provider.companyId,
        realm: provider.realm,
        nonce,
        codeVerifierEncrypted: this.keys.seal(`oidc-state:${stateHash}`, verifier),
        redirectUri: req.redirectUri,
        expiresAt: new Date(now + STATE_TTL_MS),
      });
      const url = new URL(doc.authorization_endpoint);
      const params = {
        response_type: 'code',
        client_id: provider.clientId,
        redirect_uri: req.redirectUri,
        scope: ['openid', ...provider.scopes.filter((s) => s !== 'openid')].join(' '),
        state,
        nonce,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      };
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      return { location: url.toString() };
    });
  }

  /** Exchanges the provider's code and completes the sign-in; any failure is the one generic 401. */
  async callback(req: OidcCallbackRequest, correlationId?: string): Promise<TokenPairReply> {
    return this.generic('callback', async () => {
      const flow = await this.consumeState(req.state);
      const provider = await this.providerOf({ companyId: flow.companyId, realm: flow.realm });
      const doc = await this.discover(provider.issuer);
      const idToken = await this.exchange(doc, provider, flow, req.code);
      const claims = await this.verifyIdToken(doc, provider, idToken, flow.nonce);
      const user = await this.userFor(provider, claims, correlationId);
      const policy = await this.policies.policyOf(user.companyId, user.realm);
      return this.completer.openSession({ user, policy, clientIp: req.clientIp, correlationId, now: new Date(), mfaDone: true });
    });
  }

  private async generic<T>(step: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      this.logger.warn({ step, reason: (err as Error).message }, 'external sign-in refused');
      throw new FleetError(AccountsErrorCodes.UNAUTHORIZED, INVALID_CREDENTIALS_MESSAGE);
    }
  }

  private async providerOf(at: RealmAddress): Promise<OidcProvider> {
    const provider = await this.ds.getRepository(OidcProvider).findOne({ where: { companyId: at.companyId, realm: at.realm } });
    if (!provider) throw new OidcRefusal(`realm ${at.realm} of company ${at.companyId} has no identity provider`);
    return provider;
  }

  /** The company realm is named by its company; an environment realm by itself (environment ids are unique). */
  private async providerForStart(req: OidcStartRequest): Promise<OidcProvider> {
    if (req.realm === COMPANY_REALM) return this.providerOf({ companyId: req.companyId ?? '', realm: COMPANY_REALM });
    const provider = await this.ds.getRepository(OidcProvider).findOne({ where: { realm: req.realm } });
    if (!provider) throw new OidcRefusal(`realm ${req.realm} has no identity provider`);
    return provider;
  }

  /** The state's row, deleted as it is read: a state works once, and only before it expires. */
  private async consumeState(state: string): Promise<OidcState & { verifier: string }> {
    const stateHash = sha256(state);
    const row = await this.ds.transaction(async (m) => {
      const found = await m.findOne(OidcState, { where: { stateHash } });
      if (!found) return null;
      const gone = await m.delete(OidcState, { stateHash });
      return gone.affected === 0 ? null : found;
    });
    if (!row) throw new OidcRefusal('unknown or already used state');
    if (row.expiresAt.getTime() <= Date.now()) throw new OidcRefusal('expired state');
    return { ...row, verifier: this.keys.unseal(`oidc-state:${stateHash}`, row.codeVerifierEncrypted) };
  }

  private async discover(issuer: string): Promise<Discovery> {
    const cached = this.discoveries.get(issuer);
    if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.doc;
    const res = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) });
    if (!res.ok) throw new OidcRefusal(`discovery of ${issuer} answered ${res.status}`);
    const doc = (await res.json()) as Discovery;
    // the configured issuer is stored without a trailing slash; providers such as Auth0 publish one
    if (typeof doc.issuer !== 'string' || doc.issuer.replace(/\/+$/, '') !== issuer) throw new OidcRefusal(`discovery of ${issuer} names issuer ${doc.issuer}`);
    for (const k of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) if (typeof doc[k] !== 'string') throw new OidcRefusal(`discovery of ${issuer} lacks ${k}`);
    this.discoveries.set(issuer, { doc, at: Date.now() });
    return doc;
  }

  /** The code exchange at the token endpoint: PKCE verifier, client authenticated with its secret (HTTP Basic). */
  private async exchange(doc: Discovery, provider: OidcProvider, flow: OidcState & { verifier: string }, code: string): Promise<string> {
    const secret = this.keys.unseal(sealContext(provider), provider.clientSecretEncrypted);
    const basic = Buffer.from(`${encodeURIComponent(provider.clientId)}:${encodeURIComponent(secret)}`).toString('base64');
    const res = await fetch(doc.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}`, accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: flow.redirectUri, code_verifier: flow.verifier }).toString(),
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    });
    const body = (await res.json().catch(() => ({}))) as { id_token?: unknown; error?: unknown };
    if (!res.ok || typeof body.id_token !== 'string') throw new OidcRefusal(`token endpoint answered ${res.status} ${typeof body.error === 'string' ? body.error : 'without an id_token'}`);
    return body.id_token;
  }

  private async verifyIdToken(doc: Discovery, provider: OidcProvider, idToken: string, nonce: string): Promise<JWTPayload> {
    let jwks = this.jwks.get(doc.jwks_uri);
    if (!jwks) {
      jwks = createRemoteJWKSet(new URL(doc.jwks_uri), { timeoutDuration: PROVIDER_TIMEOUT_MS });
      this.jwks.set(doc.jwks_uri, jwks);
    }
    // the id_token carries the issuer exactly as the provider publishes it (discovery checked it matches)
    const { payload } = await jwtVerify(idToken, jwks, { issuer: doc.issuer, audience: provider.clientId, algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'], requiredClaims: ['exp', 'iat', 'sub'] });
    if (payload.nonce !== nonce) throw new OidcRefusal('id_token nonce does not match');
    return payload;
  }

  /** The active user of the provider's realm with the token's verified e-mail, provisioned when the provider allows it. */
  private async userFor(provider: OidcProvider, claims: JWTPayload, correlationId?: string): Promise<User> {
    if (claims.email_verified !== true || typeof claims.email !== 'string') throw new OidcRefusal('id_token carries no verified e-mail');
    const email = normalizeEmail(claims.email);
    const repo = this.ds.getRepository(User);
    let user = await repo.findOne({ where: { realm: provider.realm, email } });
    if (!user) {
      if (!provider.provision) throw new OidcRefusal('unknown e-mail and provisioning is off');
      const displayName = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email;
      await this.users.create({ realm: provider.realm, companyId: provider.companyId, email, displayName }, correlationId, 'oidc');
      user = await repo.findOneOrFail({ where: { realm: provider.realm, email } });
    }
    if (user.companyId !== provider.companyId) throw new OidcRefusal('the e-mail belongs to another company');
    if (user.status !== 'active') throw new OidcRefusal('the user is deactivated');
    return user;
  }
}

function replyOf(row: OidcProvider): OidcProviderReply {
  return { companyId: row.companyId, realm: row.realm, issuer: row.issuer, clientId: row.clientId, scopes: row.scopes, provision: row.provision, updatedAt: row.updatedAt.toISOString() };
}
