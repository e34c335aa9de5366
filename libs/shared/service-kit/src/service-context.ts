import type { ServiceIdentity, TokenVerifier } from '@fleet/shared-auth';
import type { BaseServiceConfig } from '@fleet/shared-config';
import type { DbTarget } from '@fleet/shared-database';
import type { EventConsumers, OutboxRelay } from '@fleet/shared-events';
import type { ServiceMetrics } from '@fleet/shared-health';
import type { FleetNatsConnection, RpcClient } from '@fleet/shared-nats';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

/** The running infrastructure of one service process, handed to its Nest module through KIT tokens. */
export interface ServiceContext {
  config: BaseServiceConfig & { env: Record<string, unknown> };
  logger: Logger;
  dataSource: DataSource;
  dbTarget: DbTarget;
  nats: FleetNatsConnection;
  rpc: RpcClient;
  outbox: OutboxRelay;
  events: EventConsumers;
  metrics: ServiceMetrics;
  /** Verifies access tokens (the `authorization` NATS header) against accounts' JWKS, fetched over `rpc`. */
  tokenVerifier: TokenVerifier;
  /** This process's own service token (`svc:<name>`), for calls to internal subjects: `rpc.request(s, d, { headers: await serviceIdentity.headers() })`. */
  serviceIdentity: ServiceIdentity;
}
