import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { ServiceMetrics } from './metrics';
import { measure, type ReadinessCheck } from './readiness';

export interface HealthServerOptions {
  service: string;
  host: string;
  port: number;
  metrics: ServiceMetrics;
  checks: Record<string, ReadinessCheck>;
  logger: Logger;
}

/**
 * The small HTTP port of every service: `/healthz` (liveness: the event loop answers),
 * `/readyz` (every readiness check measured now) and `/metrics` (Prometheus text).
 */
export class HealthServer {
  private server?: Server;
  private shuttingDown = false;

  constructor(private readonly o: HealthServerOptions) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      if (path === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'up', service: this.o.service }));
        return;
      }
      if (path === '/readyz') {
        if (this.shuttingDown) {
          res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ service: this.o.service, status: 'down', checks: { shutdown: { status: 'down', error: 'shutting down' } } }));
          return;
        }
        void measure(this.o.service, this.o.checks).then((r) => {
          res.writeHead(r.status === 'up' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(r));
        });
        return;
      }
      if (path === '/metrics') {
        void this.o.metrics.registry.metrics().then(
          (text) => res.writeHead(200, { 'content-type': this.o.metrics.registry.contentType }).end(text),
          (err: Error) => res.writeHead(500).end(err.message),
        );
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'HEALTH.NOT_FOUND', message: 'use /healthz, /readyz or /metrics' }));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', (err: NodeJS.ErrnoException) =>
        reject(new Error(err.code === 'EADDRINUSE' ? `health port ${this.o.host}:${this.o.port} is already in use: set ${this.o.service.toUpperCase().replace(/-/g, '_')}_HEALTH_PORT to a free port` : err.message)),
      );
      this.server!.listen(this.o.port, this.o.host, () => resolve());
    });
    this.o.logger.info({ port: this.o.port, host: this.o.host }, 'health port listening');
  }

  /** The port actually bound (differs from the configured one when that was 0). */
  get port(): number {
    const a = this.server?.address();
    return typeof a === 'object' && a ? a.port : this.o.port;
  }

  /** From now on /readyz answers 503 (so load balancers stop sending work) while liveness stays up. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections?.();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }
}
