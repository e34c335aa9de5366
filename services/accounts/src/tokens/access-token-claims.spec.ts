import { randomUUID } from 'node:crypto';
import { accessTokenClaims } from './access-token-claims';

const subject = { userId: randomUUID(), companyId: randomUUID(), realm: 'company', sessionId: randomUUID() };
const now = new Date('2026-11-24T12:00:00.900Z');

describe('accessTokenClaims()', () => {
  describe('when the user is in the company realm', () => {
    it('should hold exactly the documented claims, without eid', () => {
      expect(accessTokenClaims(subject, { issuer: 'fleet', ttlSeconds: 900, now })).toEqual({
        iss: 'fleet',
        aud: 'fleet-api',
        sub: subject.userId,
        realm: 'company',
        cid: subject.companyId,
        sid: subject.sessionId,
        typ: 'access',
        kind: 'user',
        iat: 1795521600,
        nbf: 1795521600,
        exp: 1795521600 + 900,
      });
    });
  });

  describe('when the user is in an environment realm', () => {
    it('should add the environment id as eid', () => {
      const eid = randomUUID();
      expect(accessTokenClaims({ ...subject, realm: `env:${eid}` }, { issuer: 'https://fleet.example', ttlSeconds: 60, now })).toMatchObject({
        iss: 'https://fleet.example',
        realm: `env:${eid}`,
        eid,
        exp: 1795521660,
      });
    });
  });
});
