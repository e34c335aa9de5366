// Jest globalSetup of the integration and end-to-end tiers: resolve NATS and PostgreSQL once per
// run (environment > Docker > local binaries) and hand their URLs to the workers through the env.
const { resolveInfrastructure } = require('./infra.cjs');

module.exports = async () => {
  const infra = await resolveInfrastructure();
  process.env.NATS_URL = infra.natsUrl;
  process.env.TEST_PG_URL = infra.pgUrl;
  globalThis.__FLEET_TEST_INFRA__ = infra;
};
