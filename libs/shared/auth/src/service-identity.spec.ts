import { NO_COMPANY_ID } from '@fleet/contracts-accounts';
import { FleetError } from '@fleet/shared-errors';
import type { RpcClient } from '@fleet/shared-nats';
import { fleetServiceSecret, secretsEqual, ServiceIdentity } from './service-identity';
import { accessClaims, signAccessToken, testSigningKey, type TestSigningKey } from './test/token-factory';
import { TokenVerifier } from './token-verifier';

const MASTER = 'm'.repeat(48);

/** An RpcClient whose `accounts.auth.token` answers come from `answer` (calls are recorded). */
function fakeRpc(answer: (data: Record<string, string>) => Promise<unknown>) {
  const calls: { subject: string; data: Record<string, string>; headers?: Record<string, string> }[] = [];
  const rpc = {
    request: async (subject: string, data: Record<string, string>, o: { headers?: Record<string, string> } = {}) => {
      calls.push({ subject, data, headers: o.headers });
      return answer(data);
    },
  } as unknown as RpcClient;
  return { rpc, calls };
}

describe('fleetServiceSecret()', () => {
  it('should derive a different base64url secret per service and per master secret', () => {
    const a = fleetServiceSecret(MASTER, 'platform');

    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fleetServiceSecret(MASTER, 'platform')).toBe(a);
    expect(fleetServiceSecret(MASTER, 'gateway')).not.toBe(a);
    expect(fleetServiceSecret('n'.repeat(48), 'platform')).not.toBe(a);
  });

  it('should compare secrets exactly', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abd')).toBe(false);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
  });
});

describe('ServiceIdentity', () => {
  let now: number;
  const identity = (rpc: RpcClient, o: { attempts?: number } = {}) => new ServiceIdentity({ service: 'platform', masterSecret: MASTER, rpc, now: () => now, retryDelayMs: 1, ...o });

  beforeEach(() => {
    now = 1_000_000;
  });

  it('should ask accounts once with its derived client secret and reuse the token until a minute before it expires', async () => {
    let n = 0;
    const { rpc, calls } = fakeRpc(async () => ({ access_token: `t${++n}`, token_type: 'Bearer', expires_in: 900 }));
    const id = identity(rpc);

    expect(await id.headers()).toEqual({ authorization: 'Bearer t1' });
    now += 839_000;
    expect(await id.token()).toBe('t1');
    now += 2_000;
    expect(await id.token()).toBe('t2');
    expect(calls.map((c) => c.data)).toEqual([
      { grant_type: 'client_credentials', client_id: 'platform', client_secret: fleetServiceSecret(MASTER, 'platform') },
      { grant_type: 'client_credentials', client_id: 'platform', client_secret: fleetServiceSecret(MASTER, 'platform') },
    ]);
  });

  it('should share one fetch between concurrent callers', async () => {
    const { rpc, calls } = fakeRpc(async () => ({ access_token: 't', token_type: 'Bearer', expires_in: 900 }));
    const id = identity(rpc);

    await Promise.all([id.token(), id.token(), id.token()]);
    expect(calls).toHaveLength(1);
  });

  it('should retry while accounts is unavailable, then fail with the unavailability', async () => {
    let fails = 2;
    const { rpc, calls } = fakeRpc(async () => {
      if (fails-- > 0) throw new FleetError('FLEET.UNAVAILABLE', 'no responders');
      return { access_token: 't', token_type: 'Bearer', expires_in: 900 };
    });

    await expect(identity(rpc).token()).resolves.toBe('t');
    expect(calls).toHaveLength(3);
    const down = fakeRpc(async () => {
      throw new FleetError('FLEET.UNAVAILABLE', 'no responders');
    });
    await expect(identity(down.rpc, { attempts: 3 }).token()).rejects.toMatchObject({ code: 'FLEET.UNAVAILABLE' });
    expect(down.calls).toHaveLength(3);
  });

  it('should not retry refused credentials, and say the service has no token', async () => {
    const { rpc, calls } = fakeRpc(async () => {
      throw new FleetError('ACCOUNTS.UNAUTHORIZED', 'invalid credentials');
    });

    await expect(identity(rpc).token()).rejects.toMatchObject({ code: 'AUTH.UNAVAILABLE' });
    expect(calls).toHaveLength(1);
  });

  it('should keep using a still-valid token when a renewal fails', async () => {
    let up = true;
    const { rpc } = fakeRpc(async () => {
      if (!up) throw new FleetError('FLEET.UNAVAILABLE', 'no responders');
      return { access_token: 't', token_type: 'Bearer', expires_in: 900 };
    });
    const id = identity(rpc);
    await id.token();
    up = false;
    now += 850_000;

    await expect(id.token()).resolves.toBe('t');
  });

  it('should use a local token source instead of accounts when given one (accounts itself)', async () => {
    const { rpc, calls } = fakeRpc(async () => ({}));
    const id = identity(rpc);
    id.useTokenSource(async () => ({ token: 'own', expiresAt: now + 900_000 }));

    expect(await id.token()).toBe('own');
    expect(calls).toHaveLength(0);
    expect(id.isClientSecretOf('platform', fleetServiceSecret(MASTER, 'platform'))).toBe(true);
    expect(id.isClientSecretOf('gateway', fleetServiceSecret(MASTER, 'platform'))).toBe(false);
  });
});

describe('TokenVerifier and the fleet realm (internal service tokens)', () => {
  let key: TestSigningKey;
  const verifier = () => new TokenVerifier({ fetchJwks: async () => ({ keys: [key.publicJwk] }) });
  const serviceClaims = (o: Record<string, unknown> = {}) => accessClaims({ sub: 'svc:platform', realm: 'fleet', cid: NO_COMPANY_ID, kind: 'service', sid: undefined, ...o });

  beforeAll(async () => {
    key = await testSigningKey();
  });

  it('should accept a fleet service token only where the fleet realm is required', async () => {
    const token = await signAccessToken(key, serviceClaims());

    await expect(verifier().verify(token, { realm: 'fleet' })).resolves.toEqual({ sub: 'svc:platform', realm: 'fleet', companyId: NO_COMPANY_ID, kind: 'service' });
    for (const realm of [undefined, 'company', 'env'] as const) await expect(verifier().verify(token, { realm })).rejects.toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
  });

  it('should refuse user and customer tokens where the fleet realm is required', async () => {
    await expect(verifier().verify(await signAccessToken(key), { realm: 'fleet' })).rejects.toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
    const customer = await signAccessToken(key, accessClaims({ kind: 'service', sid: undefined, sub: 'b5a7c1de-0000-4000-8000-000000000001' }));
    await expect(verifier().verify(customer, { realm: 'fleet' })).rejects.toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
  });

  it.each([
    ['a user kind', { kind: 'user' }],
    ['a sub that is not svc:<name>', { sub: 'user-1' }],
    ['a company id', { cid: '6f1c1a52-8d0e-4a43-9a8e-0d7f7f1f0a11' }],
    ['a session', { sid: 'session-1' }],
    ['an environment id', { eid: '0b5e3c1e-5b8f-4a39-8d6f-1c2b3a4d5e6f' }],
  ])('should refuse a fleet-realm token with %s', async (_what, o) => {
    await expect(verifier().verify(await signAccessToken(key, serviceClaims(o)), { realm: 'fleet' })).rejects.toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
  });
});
