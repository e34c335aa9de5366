import { base64url, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';

/** An ES256 signing key as accounts would hold it: the private key and its public JWK. */
export interface TestSigningKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  publicJwk: JWK;
}

export async function testSigningKey(kid = `k-${randomUUID()}`): Promise<TestSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}

export const COMPANY_ID = '6f1c1a52-8d0e-4a43-9a8e-0d7f7f1f0a11';
export const ENVIRONMENT_ID = '0b5e3c1e-5b8f-4a39-8d6f-1c2b3a4d5e6f';

/** Claims of a valid company-realm access token issued now (override any of them). */
export function accessClaims(overrides: Record<string, unknown> = {}): JWTPayload & Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: 'fleet',
    aud: 'fleet-api',
    sub: 'user-1',
    realm: 'company',
    cid: COMPANY_ID,
    sid: 'session-1',
    typ: 'access',
    kind: 'user',
    iat: now,
    nbf: now,
    exp: now + 900,
    ...overrides,
  };
}

/** A token signed as accounts signs them (ES256, `kid` in the header); `undefined` claims are left out. */
export async function signAccessToken(key: TestSigningKey, claims: Record<string, unknown> = accessClaims(), header: Record<string, unknown> = {}): Promise<string> {
  const payload = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
  return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT', ...header }).sign(key.privateKey);
}

const enc = (o: unknown) => base64url.encode(JSON.stringify(o));

/** The classic attacks on a JWT verifier, each built against `key` (the real signing key's kid and public JWK). */
export async function attackTokens(key: TestSigningKey, valid: string): Promise<Record<string, string>> {
  const claims = accessClaims();
  const rsa = await generateKeyPair('RS256');
  const [h, , s] = valid.split('.');
  return {
    'alg none': `${enc({ alg: 'none', kid: key.kid, typ: 'JWT' })}.${enc(claims)}.`,
    'alg none without kid': `${enc({ alg: 'none', typ: 'JWT' })}.${enc(claims)}.`,
    'HS256 signed with the public JWK (algorithm confusion)': await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
      .sign(new TextEncoder().encode(JSON.stringify(key.publicJwk))),
    'RS256 signed with an unrelated key': await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(rsa.privateKey),
    'tampered payload (signature kept)': `${h}.${enc({ ...claims, cid: randomUUID() })}.${s}`,
    'tampered signature': `${h}.${valid.split('.')[1]}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`,
    expired: await signAccessToken(key, accessClaims({ iat: claims.iat! - 3600, nbf: claims.iat! - 3600, exp: claims.iat! - 60 })),
    'nbf in the future': await signAccessToken(key, accessClaims({ nbf: claims.iat! + 120 })),
    'wrong audience': await signAccessToken(key, accessClaims({ aud: 'another-api' })),
    'wrong issuer': await signAccessToken(key, accessClaims({ iss: 'evil' })),
    'a refresh-typed token': await signAccessToken(key, accessClaims({ typ: 'refresh' })),
    'no sub': await signAccessToken(key, accessClaims({ sub: undefined })),
    'no realm': await signAccessToken(key, accessClaims({ realm: undefined })),
    'no cid': await signAccessToken(key, accessClaims({ cid: undefined })),
    'no kind': await signAccessToken(key, accessClaims({ kind: undefined })),
    'no exp': await signAccessToken(key, accessClaims({ exp: undefined })),
    'not a JWT': 'hello',
  };
}
