import { AccountsSubjects } from '@fleet/contracts-accounts';
import { FleetHeaders, type Principal } from '@fleet/contracts-fleet';
import { CurrentPrincipal, OptionalPrincipal } from '@fleet/shared-auth';
import { createEventTablesV1, dropEventTablesV1 } from '@fleet/shared-events';
import { cleanupStreams, plainNatsClient, serviceTestEnv, startInProcess, testDatabase, uniquePrefix } from '@fleet/shared-testing';
import { headers, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { Controller, Module } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { base64url, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import type { RunningService, ServiceDefinition } from './index';

const WHOAMI = 'authprobe.principal.get';
const MAYBE = 'authprobe.principal.maybe';
const ENV_ONLY = 'authprobe.environment.get';
const COMPANY_ID = randomUUID();
const ENVIRONMENT_ID = randomUUID();

/** A throwaway service whose handlers only echo the principal the kit hands them. */
@Controller()
class PrincipalProbeController {
  @MessagePattern(WHOAMI)
  whoami(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @MessagePattern(MAYBE)
  maybe(@OptionalPrincipal() principal?: Principal): { principal: Principal | null } {
    return { principal: principal ?? null };
  }

  @MessagePattern(ENV_ONLY)
  environment(@CurrentPrincipal('env') principal: Principal): Principal {
    return principal;
  }
}

@Module({ controllers: [PrincipalProbeController] })
class PrincipalProbeModule {}

class ProbeInit1732406400000 {
  name = 'ProbeInit1732406400000';
  up = (qr: QueryRunner) => createEventTablesV1(qr);
  down = (qr: QueryRunner) => dropEventTablesV1(qr);
}

const ProbeService: ServiceDefinition = { name: 'authprobe', entities: () => [], migrations: [ProbeInit1732406400000], module: PrincipalProbeModule };

/**
 * `@CurrentPrincipal()` over real NATS: the kit's TokenVerifier loads the JWKS from a fake
 * `accounts.jwks.get` on the test's prefix, and a handler sees the principal only for a valid token.
 */
describe('@CurrentPrincipal() in a service started by the kit', () => {
  const prefix = uniquePrefix('principal');
  let svc: RunningService;
  let nc: NatsConnection;
  let jwksResponder: Subscription;
  let drop: () => Promise<void>;
  let jwksRequests = 0;
  let sign: (claims?: Record<string, unknown>, header?: Record<string, unknown>) => Promise<string>;

  const call = async (subject: string, authorization?: string) => {
    const h = headers();
    h.set(FleetHeaders.correlationId, 'corr-principal');
    if (authorization !== undefined) h.set(FleetHeaders.authorization, authorization);
    const msg = await nc.request(`${prefix}.${subject}`, JSON.stringify({ pattern: subject, data: {}, id: randomUUID() }), { timeout: 5000, headers: h });
    return JSON.parse(msg.string()) as { response?: unknown; err?: { code: string; message: string; details?: unknown } };
  };

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const kid = 'probe-key-1';
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    sign = (claims = {}, header = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const payload = { iss: 'fleet', aud: 'fleet-api', sub: 'user-7', realm: 'company', cid: COMPANY_ID, typ: 'access', kind: 'user', iat: now, nbf: now, exp: now + 900, ...claims };
      return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid, ...header }).sign(privateKey);
    };
    nc = await plainNatsClient();
    jwksResponder = nc.subscribe(`${prefix}.${AccountsSubjects.jwksGet}`, {
      callback: (_err, msg) => {
        jwksRequests++;
        const { id } = JSON.parse(msg.string()) as { id: string };
        msg.respond(JSON.stringify({ response: { keys: [publicJwk] }, isDisposed: true, id }));
      },
    });
    await nc.flush();
    const db = await testDatabase('sqlite', prefix);
    drop = db.drop;
    svc = await startInProcess(ProbeService, serviceTestEnv('authprobe', { dbUrl: db.url, prefix }));
  });

  afterAll(async () => {
    await svc?.stop();
    jwksResponder?.unsubscribe();
    await nc?.close();
    await drop?.();
    await cleanupStreams(prefix);
  });

  describe('when the request carries no token', () => {
    it('should answer AUTH.UNAUTHORIZED with the caller’s correlation id', async () => {
      const reply = await call(WHOAMI);

      expect(reply.err).toEqual({ code: 'AUTH.UNAUTHORIZED', message: expect.stringContaining('access token'), correlationId: 'corr-principal' });
    });

    it('should hand @OptionalPrincipal() handlers undefined', async () => {
      expect((await call(MAYBE)).response).toEqual({ principal: null });
    });
  });

  describe('when the token is forged or invalid', () => {
    it.each([
      ['garbage', async () => 'Bearer not-a-token'],
      ['not a Bearer value', async () => `Basic ${Buffer.from('a:b').toString('base64')}`],
      ['alg none', async () => `Bearer ${base64url.encode(JSON.stringify({ alg: 'none', kid: 'probe-key-1' }))}.${(await sign()).split('.')[1]}.`],
      ['a tampered payload', async () => {
        const [h, , s] = (await sign()).split('.');
        return `Bearer ${h}.${base64url.encode(JSON.stringify({ sub: 'admin', realm: 'company', cid: randomUUID(), typ: 'access', kind: 'user', aud: 'fleet-api', iss: 'fleet', exp: 9999999999 }))}.${s}`;
      }],
      ['an expired token', async () => `Bearer ${await sign({ exp: Math.floor(Date.now() / 1000) - 120 })}`],
      ['a token of another issuer', async () => `Bearer ${await sign({ iss: 'elsewhere' })}`],
    ])('should answer AUTH.UNAUTHORIZED for %s, to required and optional handlers alike', async (_what, authorization) => {
      const value = await authorization();

      expect((await call(WHOAMI, value)).err).toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
      expect((await call(MAYBE, value)).err).toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
    });

    it('should answer AUTH.UNAUTHORIZED for a company token where an environment realm is required', async () => {
      expect((await call(ENV_ONLY, `Bearer ${await sign()}`)).err).toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
    });
  });

  describe('when the token is valid', () => {
    it('should hand the handler the principal it names', async () => {
      const reply = await call(WHOAMI, `Bearer ${await sign({ sid: 'session-9' })}`);

      expect(reply.err).toBeUndefined();
      expect(reply.response).toEqual({ sub: 'user-7', realm: 'company', companyId: COMPANY_ID, sessionId: 'session-9', kind: 'user' });
    });

    it('should accept an environment token where an environment realm is required', async () => {
      const reply = await call(ENV_ONLY, `Bearer ${await sign({ realm: `env:${ENVIRONMENT_ID}`, eid: ENVIRONMENT_ID })}`);

      expect(reply.response).toMatchObject({ realm: `env:${ENVIRONMENT_ID}`, environmentId: ENVIRONMENT_ID });
    });

    it('should have fetched the JWKS from accounts once for all these requests', () => {
      expect(jwksRequests).toBe(1);
    });
  });
});
