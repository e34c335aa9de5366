// Jest globalSetup of the integration and end-to-end tiers: resolve NATS and PostgreSQL once per
// run (environment > Docker > local binaries) and hand their URLs to the workers through the env.
const { resolveInfrastructure, dockerAvailable } = require('./infra.cjs');

module.exports = async () => {
  const infra = await resolveInfrastructure();
  process.env.NATS_URL = infra.natsUrl;
  process.env.TEST_PG_URL = infra.pgUrl;
  // suites that need a real SQL Server run only where a Docker engine answers
  process.env.FLEET_TEST_DOCKER = (await dockerAvailable()) ? '1' : '0';
  globalThis.__FLEET_TEST_INFRA__ = infra;
};
