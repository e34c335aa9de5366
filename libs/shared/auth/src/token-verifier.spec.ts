import { FleetError } from '@fleet/shared-errors';
import { exportJWK } from 'jose';
import { randomUUID } from 'node:crypto';
import { AuthErrorCodes, UNAUTHORIZED_MESSAGE, UnauthorizedError } from './auth-errors';
import { accessClaims, attackTokens, COMPANY_ID, ENVIRONMENT_ID, signAccessToken, testSigningKey, type TestSigningKey } from './test/token-factory';
import { bearerToken, TokenVerifier, type JwksDocument, type TokenVerifierOptions } from './token-verifier';

/**
 * The token attack test at library level (issue 3, "Done when"): every classic attack is refused
 * with the one generic AUTH.UNAUTHORIZED, while the valid token is accepted, so a verifier that
 * refuses everything fails here too.
 */
/** Why each attack must be refused (as logged): proves each is refused by the check meant for it. */
const REASONS: Record<string, RegExp> = {
  'alg none': /algorithm none is not allowed/,
  'alg none without kid': /algorithm none is not allowed/,
  'HS256 signed with the public JWK (algorithm confusion)': /algorithm HS256 is not allowed/,
  'RS256 signed with an unrelated key': /algorithm RS256 is not allowed/,
  'tampered payload (signature kept)': /SIGNATURE_VERIFICATION_FAILED/,
  'tampered signature': /SIGNATURE_VERIFICATION_FAILED/,
  expired: /ERR_JWT_EXPIRED/,
  'nbf in the future': /claim nbf/,
  'wrong audience': /claim aud/,
  'wrong issuer': /claim iss/,
  'a refresh-typed token': /typ refresh is not access/,
  'no sub': /claim sub/,
  'no realm': /claim realm/,
  'no cid': /claim cid/,
  'no kind': /claim kind/,
  'no exp': /claim exp/,
  'not a JWT': /not a compact JWS/,
};

describe('TokenVerifier', () => {
  let key: TestSigningKey;
  let jwks: JwksDocument;
  let clockOffsetMs: number;
  let fetches: number;
  const logged: { obj: object; msg: string }[] = [];

  const verifier = (o: Partial<TokenVerifierOptions> = {}) =>
    new TokenVerifier({
      fetchJwks: async () => {
        fetches++;
        return structuredClone(jwks);
      },
      now: () => Date.now() + clockOffsetMs,
      logger: { info: (obj, msg) => logged.push({ obj, msg }), warn: (obj, msg) => logged.push({ obj, msg }) },
      ...o,
    });
  const refusedWith = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ code: AuthErrorCodes.UNAUTHORIZED, message: UNAUTHORIZED_MESSAGE, details: undefined });

  beforeAll(async () => {
    key = await testSigningKey();
  });

  beforeEach(() => {
    jwks = { keys: [key.publicJwk] };
    clockOffsetMs = 0;
    fetches = 0;
    logged.length = 0;
  });

  describe('verify()', () => {
    describe('when the token is valid', () => {
      it('should return the principal it names', async () => {
        const principal = await verifier().verify(await signAccessToken(key));

        expect(principal).toEqual({ sub: 'user-1', realm: 'company', companyId: COMPANY_ID, sessionId: 'session-1', kind: 'user' });
      });

      it('should return an environment principal with its environment id', async () => {
        const token = await signAccessToken(key, accessClaims({ realm: `env:${ENVIRONMENT_ID}`, eid: ENVIRONMENT_ID }));

        await expect(verifier().verify(token, { realm: 'env' })).resolves.toMatchObject({ realm: `env:${ENVIRONMENT_ID}`, environmentId: ENVIRONMENT_ID });
      });

      it('should fetch the JWKS once and reuse it', async () => {
        const v = verifier();
        for (let i = 0; i < 5; i++) await v.verify(await signAccessToken(key));

        expect(fetches).toBe(1);
      });

      it('should accept a token expired less than the 30 s leeway ago', async () => {
        const now = Math.floor(Date.now() / 1000);

        await expect(verifier().verify(await signAccessToken(key, accessClaims({ exp: now - 10 })))).resolves.toMatchObject({ sub: 'user-1' });
      });

      it('should check the configured issuer', async () => {
        const token = await signAccessToken(key, accessClaims({ iss: 'fleet-staging' }));

        await expect(verifier({ issuer: 'fleet-staging' }).verify(token)).resolves.toMatchObject({ sub: 'user-1' });
        await refusedWith(verifier().verify(token));
      });
    });

    describe('when the token is an attack', () => {
      let valid: string;
      let attacks: Record<string, string>;

      beforeAll(async () => {
        valid = await signAccessToken(key);
        attacks = await attackTokens(key, valid);
      });

      it('should accept the valid token the attacks are built from', async () => {
        await expect(verifier().verify(valid, { realm: 'company' })).resolves.toMatchObject({ sub: 'user-1' });
      });

      it.each([
        'alg none',
        'alg none without kid',
        'HS256 signed with the public JWK (algorithm confusion)',
        'RS256 signed with an unrelated key',
        'tampered payload (signature kept)',
        'tampered signature',
        'expired',
        'nbf in the future',
        'wrong audience',
        'wrong issuer',
        'a refresh-typed token',
        'no sub',
        'no realm',
        'no cid',
        'no kind',
        'no exp',
        'not a JWT',
      ])('should refuse %s with AUTH.UNAUTHORIZED and the generic message', async (attack) => {
        const v = verifier();

        await refusedWith(v.verify(attacks[attack]));
        expect(logged.find((l) => l.msg === 'access token refused')?.obj).toEqual({ reason: expect.stringMatching(REASONS[attack]) });
      });

      it.each(['alg none', 'HS256 signed with the public JWK (algorithm confusion)', 'RS256 signed with an unrelated key'])(
        'should refuse %s before looking up any key',
        async (attack) => {
          await refusedWith(verifier().verify(attacks[attack]));
          expect(fetches).toBe(0);
        },
      );
    });

    describe('when the realm does not match what is required', () => {
      it('should refuse an environment token where the company realm is required', async () => {
        const token = await signAccessToken(key, accessClaims({ realm: `env:${ENVIRONMENT_ID}`, eid: ENVIRONMENT_ID }));

        await refusedWith(verifier().verify(token, { realm: 'company' }));
      });

      it('should refuse a company token where an environment realm is required', async () => {
        await refusedWith(verifier().verify(await signAccessToken(key), { realm: 'env' }));
      });

      it('should refuse a token of another environment', async () => {
        const token = await signAccessToken(key, accessClaims({ realm: `env:${ENVIRONMENT_ID}`, eid: ENVIRONMENT_ID }));

        await refusedWith(verifier().verify(token, { realm: `env:${randomUUID()}` }));
      });

      it.each([
        ['an environment realm without eid', { realm: `env:${ENVIRONMENT_ID}` }],
        ['an eid that is not the realm’s', { realm: `env:${ENVIRONMENT_ID}`, eid: randomUUID() }],
        ['an eid on a company token', { eid: ENVIRONMENT_ID }],
        ['a malformed realm', { realm: 'env:../../etc' }],
        ['an unknown kind', { kind: 'admin' }],
      ])('should refuse %s', async (_what, overrides) => {
        await refusedWith(verifier().verify(await signAccessToken(key, accessClaims(overrides))));
      });
    });

    describe('when the token carries an unknown kid', () => {
      it('should refetch the JWKS once and refuse the token when the kid is still unknown', async () => {
        const v = verifier();
        await v.verify(await signAccessToken(key));
        clockOffsetMs = 11000;
        const stranger = await testSigningKey();

        await refusedWith(v.verify(await signAccessToken(stranger)));
        expect(fetches).toBe(2);
      });

      it('should not turn a flood of random kids into a flood of JWKS requests', async () => {
        const v = verifier();
        await v.verify(await signAccessToken(key));
        clockOffsetMs = 11000;
        const stranger = await testSigningKey();

        await Promise.all(Array.from({ length: 50 }, async () => refusedWith(v.verify(await signAccessToken(stranger, accessClaims(), { kid: randomUUID() })))));
        expect(fetches).toBe(2);
        clockOffsetMs = 15000;
        await refusedWith(v.verify(await signAccessToken(stranger, accessClaims(), { kid: randomUUID() })));
        expect(fetches).toBe(2);
      });

      it('should accept a token of a newly rotated key once it is in the JWKS', async () => {
        const v = verifier();
        await v.verify(await signAccessToken(key));
        const next = await testSigningKey();
        jwks = { keys: [key.publicJwk, next.publicJwk] };
        clockOffsetMs = 11000;

        await expect(v.verify(await signAccessToken(next))).resolves.toMatchObject({ sub: 'user-1' });
        await expect(v.verify(await signAccessToken(key))).resolves.toMatchObject({ sub: 'user-1' });
        expect(fetches).toBe(2);
      });

      it('should stop accepting a key once it is gone from the refetched JWKS', async () => {
        const v = verifier();
        const next = await testSigningKey();
        await v.verify(await signAccessToken(key));
        jwks = { keys: [next.publicJwk] };
        clockOffsetMs = 11000;
        await v.verify(await signAccessToken(next));

        await refusedWith(v.verify(await signAccessToken(key)));
      });
    });

    describe('when the JWKS holds keys that must not verify anything', () => {
      it('should skip non-ES256 keys and private keys', async () => {
        const other = await testSigningKey();
        const privateJwk = { ...(await exportJWK(other.privateKey)), kid: other.kid, alg: 'ES256' };
        jwks = { keys: [{ ...other.publicJwk, alg: 'RS256' }, privateJwk, { ...other.publicJwk, use: 'enc' }, key.publicJwk] };

        await refusedWith(verifier().verify(await signAccessToken(other)));
        await expect(verifier().verify(await signAccessToken(key))).resolves.toMatchObject({ sub: 'user-1' });
      });
    });

    describe('when the JWKS cannot be loaded', () => {
      it('should answer AUTH.UNAVAILABLE (not the caller’s fault) and retry at most once a second', async () => {
        let calls = 0;
        const v = verifier({
          fetchJwks: async () => {
            calls++;
            throw new FleetError('FLEET.UNAVAILABLE', 'the accounts service is unavailable');
          },
        });
        const token = await signAccessToken(key);

        await expect(v.verify(token)).rejects.toMatchObject({ code: AuthErrorCodes.UNAVAILABLE });
        await expect(v.verify(token)).rejects.toMatchObject({ code: AuthErrorCodes.UNAVAILABLE });
        expect(calls).toBe(1);
        clockOffsetMs = 1500;
        await expect(v.verify(token)).rejects.toMatchObject({ code: AuthErrorCodes.UNAVAILABLE });
        expect(calls).toBe(2);
      });

      it('should keep the keys it has when a refetch fails', async () => {
        let fail = false;
        const v = verifier({
          fetchJwks: async () => {
            if (fail) throw new Error('down');
            return jwks;
          },
        });
        await v.verify(await signAccessToken(key));
        fail = true;
        clockOffsetMs = 11000;

        await refusedWith(v.verify(await signAccessToken(await testSigningKey())));
        await expect(v.verify(await signAccessToken(key))).resolves.toMatchObject({ sub: 'user-1' });
      });
    });

    describe('when the session is checked', () => {
      it('should not ask about sessions unless the caller wants it', async () => {
        let asked = 0;
        const v = verifier({
          sessionCheck: async () => {
            asked++;
            return false;
          },
        });

        await expect(v.verify(await signAccessToken(key))).resolves.toMatchObject({ sub: 'user-1' });
        expect(asked).toBe(0);
      });

      it('should accept the verified token (and log it) when accounts cannot answer the check', async () => {
        let asked = 0;
        const v = verifier({
          sessionCheck: async () => {
            asked++;
            throw new FleetError('FLEET.UNAVAILABLE', 'the accounts service is unavailable');
          },
        });
        const token = await signAccessToken(key);

        await expect(v.verify(token, { checkSession: true })).resolves.toMatchObject({ sessionId: 'session-1' });
        await expect(v.verify(token, { checkSession: true })).resolves.toMatchObject({ sessionId: 'session-1' });
        expect(asked).toBe(1);
        expect(logged.some((l) => l.msg.startsWith('session check unavailable'))).toBe(true);
      });

      it('should refuse a token of an ended session and cache each answer for 5 s', async () => {
        const checked: string[] = [];
        let active = true;
        const v = verifier({
          sessionCheck: async (sid) => {
            checked.push(sid);
            return active;
          },
        });
        const token = await signAccessToken(key);

        await v.verify(token, { checkSession: true });
        active = false;
        await v.verify(token, { checkSession: true });
        expect(checked).toEqual(['session-1']);
        clockOffsetMs = 6000;
        await refusedWith(v.verify(token, { checkSession: true }));
        expect(checked).toEqual(['session-1', 'session-1']);
      });
    });
  });

  describe('verifyAuthorization()', () => {
    it('should verify the token of a Bearer value', async () => {
      await expect(verifier().verifyAuthorization(`Bearer ${await signAccessToken(key)}`)).resolves.toMatchObject({ sub: 'user-1' });
    });

    it.each([[undefined], [''], ['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer a b']])('should refuse %p', async (value) => {
      const err = await verifier()
        .verifyAuthorization(value)
        .catch((e: unknown) => e);

      expect(err).toBeInstanceOf(UnauthorizedError);
      expect(fetches).toBe(0);
    });
  });
});

describe('bearerToken()', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['Bearer  abc.def.ghi ', 'abc.def.ghi'],
    ['Token abc', undefined],
    [undefined, undefined],
  ])('should read %p as %p', (value, token) => {
    expect(bearerToken(value)).toBe(token);
  });
});
