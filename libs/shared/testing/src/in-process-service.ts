import { deleteStreamsWithPrefix } from '@fleet/shared-events';
import { runService, type RunningService, type ServiceDefinition } from '@fleet/shared-service-kit';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomBytes } from 'node:crypto';

/** The NATS server the global setup resolved. */
export function testNatsUrl(): string {
  const url = process.env.NATS_URL;
  if (!url) throw new Error('NATS_URL is not set: run the integration tests through jest.int.config.js (its global setup resolves NATS)');
  return url;
}

/**
 * The FLEET_SERVICE_SECRET of in-process services under test (random per test process): every
 * service of one run shares it, and FakeIdentity checks client secrets against it.
 */
export const TEST_SERVICE_SECRET = randomBytes(48).toString('base64url');

/** Env for a service under test: its own database, the run's subject prefix, any free health port, quiet logs, the run's service secret. */
export function serviceTestEnv(service: string, o: { dbUrl: string; prefix: string; extra?: Record<string, string> }): NodeJS.ProcessEnv {
  const p = service.toUpperCase().replace(/-/g, '_');
  return {
    NATS_URL: testNatsUrl(),
    FLEET_SUBJECT_PREFIX: o.prefix,
    [`${p}_DB_URL`]: o.dbUrl,
    [`${p}_HEALTH_PORT`]: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    FLEET_SERVICE_SECRET: TEST_SERVICE_SECRET,
    ...o.extra,
  };
}

/** Boots a service in this process (same kit as production), without signal handlers. */
export function startInProcess(def: ServiceDefinition, env: NodeJS.ProcessEnv): Promise<RunningService> {
  return runService(def, env, { installSignalHandlers: false });
}

/** A plain NATS client for tests that call services the way a non-Nest client would. */
export function plainNatsClient(): Promise<NatsConnection> {
  return connect({ servers: testNatsUrl().split(','), name: 'fleet-test-client' });
}

/** Deletes the JetStream streams of a test run. */
export async function cleanupStreams(prefix: string): Promise<void> {
  const nc = await plainNatsClient();
  try {
    await deleteStreamsWithPrefix(nc, prefix);
  } finally {
    await nc.close();
  }
}
