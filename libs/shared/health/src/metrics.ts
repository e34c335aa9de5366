import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The Prometheus registry of a service, with process metrics and the fleet-wide series. */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly natsRequests: Counter<'subject' | 'outcome'>;
  readonly natsRequestDuration: Histogram<'subject'>;
  readonly outboxBacklog: Gauge;
  readonly natsConnected: Gauge;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.natsRequests = new Counter({
      name: 'fleet_nats_requests_total',
      help: 'NATS requests handled, by subject and outcome (ok or the error code)',
      labelNames: ['subject', 'outcome'],
      registers: [this.registry],
    });
    this.natsRequestDuration = new Histogram({
      name: 'fleet_nats_request_duration_seconds',
      help: 'Time to handle a NATS request',
      labelNames: ['subject'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.outboxBacklog = new Gauge({
      name: 'fleet_outbox_backlog',
      help: 'Outbox events written but not yet published to JetStream',
      registers: [this.registry],
    });
    this.natsConnected = new Gauge({
      name: 'fleet_nats_connected',
      help: '1 while the NATS connection is up',
      registers: [this.registry],
    });
  }
}
