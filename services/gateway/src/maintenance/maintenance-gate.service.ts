import { DeploymentEvents, DeploymentSubjects, type MaintenanceChangedEvent, type MaintenanceListReply } from '@fleet/contracts-deployment';
import type { ServiceIdentity } from '@fleet/shared-auth';
import type { FleetNatsConnection, RpcClient } from '@fleet/shared-nats';
import { KIT } from '@fleet/shared-service-kit';
import type { Subscription } from '@nats-io/transport-node';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { GatewayEnv } from '../config';

/** The Work Portal routes of an environment the gate closes (built or not). */
export const WORK_PORTAL_ROUTE = /^\/api\/v1\/environments\/([0-9a-fA-F-]{36})\/(cases|inbox|tasks|processes)(?:[/?]|$)/;

interface Closed {
  state: string;
  message: string;
  /** When this state began (events and list replies older than what we hold are ignored). */
  at: number;
}

/**
 * The gateway's maintenance gate: knows every environment whose window is not `active` (events
 * `deployment.maintenance.changed` on a plain core subscription, so every replica sees each one,
 * plus `deployment.maintenance.list` at start and periodically) and answers that environment's
 * Work Portal routes with 503 before any routing or authentication.
 */
@Injectable()
export class MaintenanceGate implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly closed = new Map<string, Closed>();
  private sub?: Subscription;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(KIT.nats) private readonly nats: FleetNatsConnection,
    @Inject(KIT.rpc) private readonly rpc: RpcClient,
    @Inject(KIT.serviceIdentity) private readonly identity: ServiceIdentity,
    @Inject(KIT.logger) private readonly logger: Logger,
    @Inject(KIT.config) private readonly config: { nats: { subjectPrefix: string }; env: GatewayEnv },
  ) {}

  onApplicationBootstrap(): void {
    this.sub = this.nats.nc.subscribe(this.config.nats.subjectPrefix + DeploymentEvents.maintenanceChanged, {
      callback: (err, msg) => {
        if (err) return;
        try {
          this.apply(msg.json<MaintenanceChangedEvent>());
        } catch (e) {
          this.logger.warn({ err: (e as Error).message }, 'maintenance gate: unreadable event ignored');
        }
      },
    });
    this.timer = setInterval(() => void this.refresh(), this.config.env.GATEWAY_MAINTENANCE_REFRESH_MS);
    this.timer.unref?.();
    void this.refresh();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.sub?.unsubscribe();
  }

  /** One state change (from an event). */
  apply(e: Pick<MaintenanceChangedEvent, 'environmentId' | 'state' | 'message' | 'at'>): void {
    const at = Date.parse(e.at);
    const held = this.closed.get(e.environmentId);
    if (held && held.at > at) return;
    if (e.state === 'active') {
      // remember that it reopened at `at`, so an older list reply cannot close it again
      this.closed.set(e.environmentId, { state: 'active', message: '', at });
    } else this.closed.set(e.environmentId, { state: e.state, message: e.message, at });
  }

  /** The whole list, asked of deployment as the gateway itself; on failure the map is kept. */
  async refresh(): Promise<void> {
    try {
      const list = await this.identity.request<MaintenanceListReply>(this.rpc, DeploymentSubjects.maintenanceList, {});
      const listed = new Set(list.items.map((i) => i.environmentId));
      for (const item of list.items) this.apply({ environmentId: item.environmentId, state: item.state, message: item.message, at: item.since });
      for (const [id, held] of this.closed) if (!listed.has(id) && held.state !== 'active' && Date.now() - held.at > this.config.env.GATEWAY_MAINTENANCE_REFRESH_MS) this.closed.delete(id);
      for (const [id, held] of this.closed) if (held.state === 'active' && Date.now() - held.at > 10 * this.config.env.GATEWAY_MAINTENANCE_REFRESH_MS) this.closed.delete(id);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'maintenance gate: could not load the windows; keeping what it knows');
    }
  }

  /** The window that closes this URL, if any. */
  closing(url: string): (Closed & { environmentId: string }) | undefined {
    const m = WORK_PORTAL_ROUTE.exec(url);
    if (!m) return undefined;
    const held = this.closed.get(m[1].toLowerCase());
    return held && held.state !== 'active' ? { ...held, environmentId: m[1].toLowerCase() } : undefined;
  }

  /** Installs the gate as the first `onRequest` hook's neighbour: before routing, so unbuilt routes are closed too. */
  install(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const w = this.closing(req.url);
      if (!w) return;
      await reply
        .code(503)
        .header('retry-after', String(this.config.env.GATEWAY_MAINTENANCE_RETRY_AFTER_S))
        .header('x-request-id', String(req.id))
        .send({ code: 'GATEWAY.UNAVAILABLE', message: w.message || 'This environment is under maintenance.', details: { reason: 'maintenance', state: w.state, environmentId: w.environmentId }, requestId: String(req.id) });
    });
  }
}
