// Stops what the global setup started (nothing when the URLs came from the environment).
module.exports = async () => {
  await globalThis.__FLEET_TEST_INFRA__?.stop();
};
