import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

export interface NatsConnectionOptions {
  servers: string[];
  name: string;
  /** Give up the first connection after this long (ms); reconnects after that are unlimited. */
  connectTimeoutMs?: number;
}

/**
 * The one NATS connection of a process, shared by the Nest server, the RPC client and JetStream.
 * Tracks whether it is connected now, for readiness.
 */
export class FleetNatsConnection {
  private connected = false;

  private constructor(
    readonly nc: NatsConnection,
    private readonly logger: Logger,
  ) {
    this.connected = true;
    void this.watch();
  }

  static async open(o: NatsConnectionOptions, logger: Logger): Promise<FleetNatsConnection> {
    const deadline = Date.now() + (o.connectTimeoutMs ?? 30000);
    let lastError: unknown;
    for (let attempt = 1; Date.now() < deadline; attempt++) {
      try {
        const nc = await connect({
          servers: o.servers,
          name: o.name,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 500,
          pingInterval: 10000,
          maxPingOut: 3,
          timeout: 2000,
        });
        return new FleetNatsConnection(nc, logger);
      } catch (err) {
        lastError = err;
        logger.warn({ attempt, servers: o.servers, err: (err as Error).message }, 'NATS not reachable yet; retrying');
        await new Promise((r) => setTimeout(r, Math.min(2000, 200 * attempt)));
      }
    }
    throw new Error(`cannot connect to NATS at ${o.servers.join(',')}: ${(lastError as Error)?.message}. Is nats-server running (set NATS_URL)?`, {
      cause: lastError,
    });
  }

  /** True while the connection is up (not closed, not between reconnects). */
  isConnected(): boolean {
    return this.connected && !this.nc.isClosed();
  }

  private async watch(): Promise<void> {
    for await (const s of this.nc.status()) {
      if (s.type === 'disconnect') {
        this.connected = false;
        this.logger.warn('NATS disconnected');
      } else if (s.type === 'reconnect') {
        this.connected = true;
        this.logger.info('NATS reconnected');
      }
    }
    this.connected = false;
  }

  /** Flushes pending publishes and closes (after the server strategy drained its subscriptions). */
  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    try {
      await this.nc.drain();
    } catch {
      await this.nc.close();
    }
  }
}
