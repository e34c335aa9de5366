import { jwksFromRpc, ServiceIdentity, sessionCheckFromRpc, TokenVerifier } from '@fleet/shared-auth';
import { ConfigError, readServiceConfig } from '@fleet/shared-config';
import { checkDatabase, migrationNames, openServiceDataSource, redactDbUrl, runPendingMigrations } from '@fleet/shared-database';
import { FleetRpcExceptionFilter } from '@fleet/shared-errors';
import { ensureServiceStream, EventConsumers, eventEntities, OutboxRelay } from '@fleet/shared-events';
import { HealthServer, measure, ServiceMetrics, type ReadinessCheck } from '@fleet/shared-health';
import { createLogger, PinoNestLogger } from '@fleet/shared-logging';
import { FleetNatsConnection, FleetNatsServer, RpcClient } from '@fleet/shared-nats';
import { startTracing } from '@fleet/shared-telemetry';
import { ContractValidationPipe } from '@fleet/shared-validation';
import { Module, type INestApplication, type INestMicroservice, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { healthController } from './health.controller';
import { FleetKitModule } from './kit.module';
import { NatsMetricsInterceptor } from './metrics.interceptor';
import type { ServiceContext } from './service-context';
import type { ServiceDefinition } from './service-definition';
import { resolveServiceSecret } from './service-secret';

/** Exit code of a boot refused because of configuration (EX_CONFIG). */
export const EXIT_CONFIG = 78;

/** A running service, as returned to tests and to main.ts. */
export interface RunningService {
  ctx: ServiceContext;
  app: INestMicroservice | INestApplication;
  /** The HTTP address when the service has an HTTP server (the gateway). */
  httpUrl?: string;
  /** The address of the health port (/healthz, /readyz, /metrics). */
  healthUrl: string;
  stop: (reason?: string) => Promise<void>;
}

/**
 * Boots one service: validated config → database (created, migrated) → NATS → its stream →
 * Nest handlers on the shared connection → outbox relay → health port. Installs SIGTERM/SIGINT
 * handlers that shut down in reverse order: not ready, drain subscriptions, finish in-flight
 * work, stop consumers and relay, close NATS, close the database.
 */
export async function runService(def: ServiceDefinition, env: NodeJS.ProcessEnv = process.env, o: { installSignalHandlers?: boolean } = {}): Promise<RunningService> {
  const config: ServiceContext['config'] = readServiceConfig(def.name, env, def.env);
  const tracing = startTracing({ service: def.name, ...config.tracing });
  const logger = createLogger(def.name, config.logLevel);
  const metrics = new ServiceMetrics(def.name);

  logger.info({ db: redactDbUrl(config.db.url), nats: config.nats.servers, prefix: config.nats.subjectPrefix || undefined }, 'starting');
  const { dataSource, target } = await openServiceDataSource({
    url: config.db.url,
    entities: (d) => [...eventEntities(d), ...def.entities(d)],
    migrations: def.migrations,
  });
  if (config.db.migrationsRun) {
    const ran = await runPendingMigrations(dataSource, `fleet:${def.name}`);
    if (ran.length) logger.info({ migrations: ran }, 'migrations applied');
  }

  const nats = await FleetNatsConnection.open({ servers: config.nats.servers, name: config.nats.name }, logger);
  if (def.eventSubjects?.length) await ensureServiceStream(nats.nc, def.name, def.eventSubjects, config.nats.subjectPrefix);
  const rpc = new RpcClient(nats.nc, config.nats.subjectPrefix, config.requestTimeoutMs);
  const outbox = new OutboxRelay({
    dataSource,
    nc: nats.nc,
    subjectPrefix: config.nats.subjectPrefix,
    logger,
    onBacklog: (n) => metrics.outboxBacklog.set(n),
  });
  const events = new EventConsumers({ nc: nats.nc, dataSource, service: def.name, subjectPrefix: config.nats.subjectPrefix, logger });
  // One verifier per process: handlers get the principal through @CurrentPrincipal() (libs/shared/auth),
  // the gateway's guard uses the same instance; the JWKS is loaded lazily from accounts on first use.
  // The process's own identity (client-credentials grant, `svc:<name>`) for internal subjects.
  const serviceIdentity = new ServiceIdentity({ service: def.name, masterSecret: resolveServiceSecret(config, logger), rpc });
  const tokenVerifier = new TokenVerifier({ fetchJwks: jwksFromRpc(rpc), sessionCheck: sessionCheckFromRpc(rpc, serviceIdentity), issuer: config.tokenIssuer, logger });
  const ctx: ServiceContext = { config, logger, dataSource, dbTarget: target, nats, rpc, outbox, events, metrics, tokenVerifier, serviceIdentity };

  const expectedMigrations = migrationNames(def.migrations);
  const checks: Record<string, ReadinessCheck> = {
    nats: () => (nats.isConnected() ? { status: 'up' } : { status: 'down', error: 'not connected to NATS' }),
    database: async () => (await checkDatabase(dataSource, target, expectedMigrations)).database,
    migrations: async () => (await checkDatabase(dataSource, target, expectedMigrations)).migrations,
  };
  const measureNow = () => measure(def.name, checks);

  @Module({ imports: [FleetKitModule.forContext(ctx), def.module], controllers: [healthController(def.name, measureNow)] })
  class ServiceRootModule {}

  const strategy = new FleetNatsServer({ connection: nats, subjectPrefix: config.nats.subjectPrefix, queue: def.name, gracePeriodMs: config.shutdownGraceMs });
  const nestLogger = new PinoNestLogger(logger);
  const codePrefix = def.name.toUpperCase().replace(/-/g, '_');
  let app: INestMicroservice | INestApplication;
  let httpUrl: string | undefined;
  if (def.http) {
    ({ app, httpUrl } = await startHttpApp({ http: def.http, env: config.env, rootModule: ServiceRootModule, strategy, nestLogger, codePrefix }));
  } else {
    app = await NestFactory.createMicroservice(ServiceRootModule, { strategy, logger: nestLogger });
    app.useGlobalFilters(new FleetRpcExceptionFilter(def.name, logger));
    app.useGlobalPipes(new ContractValidationPipe(codePrefix));
    app.useGlobalInterceptors(new NatsMetricsInterceptor(metrics, config.nats.subjectPrefix));
    await app.listen();
  }
  outbox.start();
  metrics.natsConnected.set(1);
  const health = new HealthServer({ service: def.name, host: config.health.host, port: config.health.port, metrics, checks, logger });
  await health.start();
  const healthUrl = `http://${config.health.host}:${health.port}`;
  logger.info({ health: healthUrl, http: httpUrl }, 'ready');

  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop requested') => {
    stopping ??= shutdown(reason);
    return stopping;
  };
  async function shutdown(reason: string): Promise<void> {
    logger.info({ reason }, 'shutting down');
    health.markShuttingDown();
    await app.close(); // drains NATS subscriptions and waits for in-flight handlers
    await events.stop(config.shutdownGraceMs);
    await outbox.stop();
    await nats.close();
    await dataSource.destroy();
    await health.stop();
    await tracing.shutdown().catch((err: unknown) => logger.warn({ err }, 'flushing spans failed'));
    logger.info('stopped');
  }
  if (o.installSignalHandlers ?? true) installSignals(stop, logger);
  return { ctx, app, httpUrl, healthUrl, stop };
}

/** What startHttpApp() needs from runService(). */
interface HttpBoot {
  http: NonNullable<ServiceDefinition['http']>;
  env: ServiceContext['config']['env'];
  rootModule: Type<unknown>;
  strategy: FleetNatsServer;
  nestLogger: PinoNestLogger;
  codePrefix: string;
}

/** The HTTP variant of a service (the gateway): Fastify app with the NATS strategy attached, listening. */
async function startHttpApp(b: HttpBoot): Promise<{ app: INestApplication; httpUrl: string }> {
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  const httpApp = await NestFactory.create(b.rootModule, new FastifyAdapter((b.http.adapterOptions?.(b.env) ?? {}) as never) as never, { logger: b.nestLogger });
  httpApp.connectMicroservice({ strategy: b.strategy }, { inheritAppConfig: false });
  await b.http.configure?.(httpApp);
  await httpApp.startAllMicroservices();
  const host = b.http.host(b.env);
  const port = b.http.port(b.env);
  try {
    await httpApp.listen(port, host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'EADDRINUSE' ? `port ${host}:${port} is already in use: stop what uses it or set ${b.codePrefix}_PORT` : (err as Error).message, { cause: err });
  }
  const addr = (httpApp.getHttpServer() as Server).address() as { port: number } | null;
  return { app: httpApp, httpUrl: `http://${host}:${addr?.port ?? port}` };
}

function installSignals(stop: (reason: string) => Promise<void>, logger: Logger): void {
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.once(sig, () => {
      stop(sig).then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

/** main.ts of every service: boot, or print one clear line and exit non-zero. */
export function main(def: ServiceDefinition): void {
  runService(def).catch((err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${def.name}: config error: ${err.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    process.stderr.write(`${def.name}: failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
