import { FLEET_TOKEN_AUDIENCE } from './principal';

describe('FLEET_TOKEN_AUDIENCE', () => {
  it('should stay fleet-api, the audience every service checks in access tokens', () => {
    expect(FLEET_TOKEN_AUDIENCE).toBe('fleet-api');
  });
});
