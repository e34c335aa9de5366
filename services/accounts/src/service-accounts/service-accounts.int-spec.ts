import { AccountsSubjects, NO_COMPANY_ID, type CreatedServiceAccountReply, type ServiceAccountListReply, type ServiceTokenReply } from '@fleet/contracts-accounts';
import { FLEET_TOKEN_AUDIENCE } from '@fleet/contracts-fleet';
import { fleetServiceSecret } from '@fleet/shared-auth';
import { OutboxRecord } from '@fleet/shared-events';
import type { RunningService } from '@fleet/shared-service-kit';
import { plainNatsClient, TEST_ENGINES, TEST_SERVICE_SECRET, uniquePrefix } from '@fleet/shared-testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { Like } from 'typeorm';
import { asService, createdUser, login, rejectionOf, startAccounts, userToken } from '../test/accounts-harness';
import { serveFakePermissions } from '../test/fake-platform-permissions';

const REFUSED = { code: 'ACCOUNTS.UNAUTHORIZED', message: 'invalid credentials' };
const COMPANY_A = randomUUID();
const COMPANY_B = randomUUID();
/** Users as platform's stand-in knows them: an administrator of each company, and a user of A without a role. */
const ADMIN_A = randomUUID();
const ADMIN_B = randomUUID();
const NO_ROLE_A = randomUUID();

/**
 * Service identity over real NATS: the client-credentials grant (Fleet services, customer service
 * accounts), the internal subjects only Fleet services may call, and who manages service accounts.
 */
describe.each(TEST_ENGINES)('accounts service identity on %s', (engine) => {
  const prefix = uniquePrefix(`sa${engine}`);
  let svc: RunningService;
  let stop: () => Promise<void>;
  let nc: NatsConnection;

  const grant = (client_id: string, client_secret: string) => svc.ctx.rpc.request<ServiceTokenReply>(AccountsSubjects.authToken, { grant_type: 'client_credentials', client_id, client_secret });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const asUser = async (companyId: string, userId: string) => bearer(await userToken(svc, companyId, userId));

  beforeAll(async () => {
    nc = await plainNatsClient();
    serveFakePermissions(nc, prefix, (caller, req) => {
      const own = caller.cid === req.resourceId && caller.kind === 'user';
      const admin = own && (caller.sub === ADMIN_A || caller.sub === ADMIN_B);
      return { allowed: req.action === 'company.read' ? own : admin, visible: own && caller.sub !== NO_ROLE_A };
    });
    ({ svc, stop } = await startAccounts(engine, prefix));
  });

  afterAll(async () => {
    await stop?.();
    await nc?.close();
  });

  describe('the client-credentials grant of Fleet services (accounts.auth.token)', () => {
    it('should issue platform a 15-minute service token of realm fleet for its derived secret', async () => {
      const reply = await grant('platform', fleetServiceSecret(TEST_SERVICE_SECRET, 'platform'));
      const claims = decodeJwt(reply.access_token);

      expect(reply).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
      expect(claims).toMatchObject({ sub: 'svc:platform', realm: 'fleet', cid: NO_COMPANY_ID, kind: 'service', typ: 'access', aud: FLEET_TOKEN_AUDIENCE });
      expect(claims.sid).toBeUndefined();
      expect(claims.exp! - claims.iat!).toBe(900);
      await expect(svc.ctx.tokenVerifier.verify(reply.access_token, { realm: 'fleet' })).resolves.toEqual({ sub: 'svc:platform', realm: 'fleet', companyId: NO_COMPANY_ID, kind: 'service' });
    });

    it.each([
      ['a wrong secret', 'platform', 'x'.repeat(43)],
      ["another service's secret", 'platform', fleetServiceSecret(TEST_SERVICE_SECRET, 'gateway')],
      ['a secret derived from another master secret', 'platform', fleetServiceSecret('another-master-secret-of-at-least-32-chars', 'platform')],
      ['an unknown client', 'billing', fleetServiceSecret(TEST_SERVICE_SECRET, 'billing')],
      ['an unknown service account id', randomUUID(), 'x'.repeat(43)],
    ])('should refuse %s with the one generic ACCOUNTS.UNAUTHORIZED', async (_what, clientId, secret) => {
      expect(await rejectionOf(grant(clientId, secret))).toEqual(REFUSED);
    });

    it('should refuse another grant type as a validation error', async () => {
      const p = svc.ctx.rpc.request(AccountsSubjects.authToken, { grant_type: 'password', client_id: 'platform', client_secret: 'x' });

      await expect(p).rejects.toMatchObject({ code: 'ACCOUNTS.VALIDATION' });
    });

    it('should not let a fleet service token pass where a company or any customer realm is required', async () => {
      const { access_token } = await grant('platform', fleetServiceSecret(TEST_SERVICE_SECRET, 'platform'));

      await expect(svc.ctx.tokenVerifier.verify(access_token)).rejects.toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
      await expect(svc.ctx.tokenVerifier.verify(access_token, { realm: 'company' })).rejects.toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
      await expect(svc.ctx.tokenVerifier.verify(access_token, { realm: 'env' })).rejects.toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
    });

    it('should give accounts its own token without asking itself over NATS', async () => {
      const token = await svc.ctx.serviceIdentity.token();

      expect(decodeJwt(token)).toMatchObject({ sub: 'svc:accounts', realm: 'fleet', kind: 'service' });
    });
  });

  describe('the internal subjects (user.create, .get, .deactivate, session.check)', () => {
    let user: { userId: string; companyId: string; email: string };
    let sessionId: string;
    let forged: string;

    beforeAll(async () => {
      user = await createdUser(svc);
      const pair = await login(svc, { email: user.email, password: 'Correct-Horse-Battery-9' });
      sessionId = String(decodeJwt(pair.access_token).sid);
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
      const kid = (await exportJWK(publicKey)).x!;
      const now = Math.floor(Date.now() / 1000);
      forged = await new SignJWT({ iss: 'fleet', aud: FLEET_TOKEN_AUDIENCE, sub: 'svc:platform', realm: 'fleet', cid: NO_COMPANY_ID, typ: 'access', kind: 'service', iat: now, nbf: now, exp: now + 900 })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .sign(privateKey);
    });

    const calls = () =>
      [
        [AccountsSubjects.userCreate, { realm: 'company', companyId: user.companyId, email: `direct-${randomUUID()}@example.com`, displayName: 'Direct' }],
        [AccountsSubjects.userGet, { companyId: user.companyId, userId: user.userId }],
        [AccountsSubjects.userDeactivate, { companyId: randomUUID(), userId: user.userId }],
        [AccountsSubjects.sessionCheck, { sessionId }],
      ] as const;

    it('should refuse every internal subject without a token, with a user token, with a forged service token and with a customer service account token', async () => {
      const sa = await svc.ctx.rpc.request<CreatedServiceAccountReply>(AccountsSubjects.serviceAccountCreate, { companyId: COMPANY_A, name: 'ci' }, { headers: await asUser(COMPANY_A, ADMIN_A) });
      const customer = (await grant(sa.clientId, sa.clientSecret)).access_token;
      const userLogin = await login(svc, { email: user.email, password: 'Correct-Horse-Battery-9' });
      const callers: Record<string, Record<string, string>> = {
        'no token': {},
        'a user token': bearer(userLogin.access_token),
        'a forged service token': bearer(forged),
        'a customer service account token': bearer(customer),
        'a malformed authorization': { authorization: 'Basic cGxhdGZvcm06eA==' },
      };
      const answers: string[] = [];
      for (const [subject, data] of calls()) {
        for (const [who, headers] of Object.entries(callers)) {
          const got = await rejectionOf(svc.ctx.rpc.request(subject, data, { headers }));
          answers.push(`${subject} ${who}: ${got.code} ${got.message}`);
        }
      }

      expect(answers).toEqual(calls().flatMap(([subject]) => Object.keys(callers).map((who) => `${subject} ${who}: ${REFUSED.code} ${REFUSED.message}`)));
    });

    it("should refuse the users subjects to another service's token, and accept platform's", async () => {
      for (const [subject, data] of calls().slice(0, 3)) {
        expect(await rejectionOf(svc.ctx.rpc.request(subject, data, { headers: await asService(svc, 'gateway') }))).toEqual(REFUSED);
      }
      const viaGrant = (await grant('platform', fleetServiceSecret(TEST_SERVICE_SECRET, 'platform'))).access_token;

      await expect(svc.ctx.rpc.request(AccountsSubjects.userGet, { companyId: user.companyId, userId: user.userId }, { headers: bearer(viaGrant) })).resolves.toMatchObject({ id: user.userId });
      await expect(svc.ctx.rpc.request(AccountsSubjects.userCreate, calls()[0][1], { headers: bearer(viaGrant) })).resolves.toMatchObject({ created: true });
    });

    it('should answer session.check to any Fleet service', async () => {
      for (const service of ['gateway', 'platform', 'catalog']) {
        const { access_token } = await grant(service, fleetServiceSecret(TEST_SERVICE_SECRET, service));
        await expect(svc.ctx.rpc.request(AccountsSubjects.sessionCheck, { sessionId }, { headers: bearer(access_token) })).resolves.toEqual({ active: true });
      }
    });
  });

  describe('customer service accounts', () => {
    const create = async (companyId: string, userId: string, name = 'deploy bot') =>
      svc.ctx.rpc.request<CreatedServiceAccountReply>(AccountsSubjects.serviceAccountCreate, { companyId, name }, { headers: await asUser(companyId, userId) });
    const list = async (companyId: string, userId: string) => svc.ctx.rpc.request<ServiceAccountListReply>(AccountsSubjects.serviceAccountList, { companyId }, { headers: await asUser(userId === ADMIN_B ? COMPANY_B : companyId, userId) });

    it('should live through create (secret shown once), grant, list, revoke, and refuse the grant after revocation', async () => {
      const sa = await create(COMPANY_A, ADMIN_A);
      expect(sa).toMatchObject({ clientId: sa.id, companyId: COMPANY_A, name: 'deploy bot', status: 'active' });
      expect(sa.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);

      const token = (await grant(sa.clientId, sa.clientSecret)).access_token;
      expect(decodeJwt(token)).toMatchObject({ sub: sa.id, realm: 'company', cid: COMPANY_A, kind: 'service' });
      await expect(svc.ctx.tokenVerifier.verify(token, { realm: 'company' })).resolves.toMatchObject({ sub: sa.id, companyId: COMPANY_A, kind: 'service' });
      await expect(svc.ctx.tokenVerifier.verify(token, { realm: 'fleet' })).rejects.toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
      expect(await rejectionOf(grant(sa.clientId, `${sa.clientSecret.slice(0, -1)}A`))).toEqual(REFUSED);

      const listed = (await list(COMPANY_A, ADMIN_A)).items.find((i) => i.id === sa.id);
      expect(listed).toEqual({ id: sa.id, clientId: sa.id, companyId: COMPANY_A, name: 'deploy bot', status: 'active', createdAt: sa.createdAt });

      const revoked = await svc.ctx.rpc.request(AccountsSubjects.serviceAccountRevoke, { companyId: COMPANY_A, serviceAccountId: sa.id }, { headers: await asUser(COMPANY_A, ADMIN_A) });
      expect(revoked).toMatchObject({ id: sa.id, status: 'revoked', revokedAt: expect.any(String) });
      expect(await rejectionOf(grant(sa.clientId, sa.clientSecret))).toEqual(REFUSED);
      expect((await list(COMPANY_A, ADMIN_A)).items.find((i) => i.id === sa.id)).toMatchObject({ status: 'revoked' });
      // a second revoke changes nothing and records nothing
      await svc.ctx.rpc.request(AccountsSubjects.serviceAccountRevoke, { companyId: COMPANY_A, serviceAccountId: sa.id }, { headers: await asUser(COMPANY_A, ADMIN_A) });

      // the company's audit gets every step from the outbox (never a secret); timestamps may tie, so compare as a set
      const rows = await svc.ctx.dataSource.getRepository(OutboxRecord).find({ where: { subject: Like('%accounts.service-account.changed') } });
      const trail = rows.map((r) => JSON.parse(r.payload) as Record<string, unknown>).filter((e) => e.serviceAccountId === sa.id);
      const steps = trail.map((e) => [e.change, e.actorId ?? null, e.reason ?? null]);
      expect(steps).toHaveLength(5);
      expect(steps).toEqual(expect.arrayContaining([
        ['created', ADMIN_A, null],
        ['token-issued', null, null],
        ['token-refused', null, 'bad-secret'],
        ['revoked', ADMIN_A, null],
        ['token-refused', null, 'revoked'],
      ]));
      expect(JSON.stringify(trail)).not.toContain(sa.clientSecret);
    });

    it("should keep each company's service accounts to its own administrators (403 for a company user without the role, 404 for another company)", async () => {
      const sa = await create(COMPANY_A, ADMIN_A, 'a-only');

      await expect(create(COMPANY_A, randomUUID())).rejects.toMatchObject({ code: 'ACCOUNTS.FORBIDDEN' });
      await expect(create(COMPANY_A, NO_ROLE_A)).rejects.toMatchObject({ code: 'ACCOUNTS.NOT_FOUND' });
      await expect(list(COMPANY_A, ADMIN_B)).rejects.toMatchObject({ code: 'ACCOUNTS.NOT_FOUND' });
      const crossRevoke = svc.ctx.rpc.request(AccountsSubjects.serviceAccountRevoke, { companyId: COMPANY_A, serviceAccountId: sa.id }, { headers: await asUser(COMPANY_B, ADMIN_B) });
      await expect(crossRevoke).rejects.toMatchObject({ code: 'ACCOUNTS.NOT_FOUND' });
      const ownCompanyWrongId = svc.ctx.rpc.request(AccountsSubjects.serviceAccountRevoke, { companyId: COMPANY_B, serviceAccountId: sa.id }, { headers: await asUser(COMPANY_B, ADMIN_B) });
      await expect(ownCompanyWrongId).rejects.toMatchObject({ code: 'ACCOUNTS.NOT_FOUND' });
      expect((await list(COMPANY_B, ADMIN_B)).items.map((i) => i.id)).not.toContain(sa.id);
      expect((await list(COMPANY_A, ADMIN_A)).items.find((i) => i.id === sa.id)).toMatchObject({ status: 'active' });
    });

    it('should refuse managing service accounts without a token, with a fleet service token, or with a service account token of another company', async () => {
      const sa = await create(COMPANY_B, ADMIN_B, 'b-bot');
      const bToken = (await grant(sa.clientId, sa.clientSecret)).access_token;
      const req = { companyId: COMPANY_A };

      await expect(svc.ctx.rpc.request(AccountsSubjects.serviceAccountList, req)).rejects.toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
      await expect(svc.ctx.rpc.request(AccountsSubjects.serviceAccountList, req, { headers: await asService(svc) })).rejects.toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
      await expect(svc.ctx.rpc.request(AccountsSubjects.serviceAccountList, req, { headers: bearer(bToken) })).rejects.toMatchObject({ code: 'ACCOUNTS.NOT_FOUND' });
      await expect(svc.ctx.rpc.request(AccountsSubjects.realmGetForCompany, req, { headers: bearer(bToken) })).rejects.toMatchObject({ code: 'ACCOUNTS.NOT_FOUND' });
    });

    it('should refuse a name that breaks the contract, naming the field', async () => {
      const err = (await create(COMPANY_A, ADMIN_A, '').catch((e: unknown) => e)) as { code: string; details?: { fields?: { path: string }[] } };

      expect(err.code).toBe('ACCOUNTS.VALIDATION');
      expect(err.details?.fields?.map((f) => f.path)).toContain('name');
    });
  });
});
