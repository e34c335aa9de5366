import { ServiceMetrics } from './metrics';

/** The value of the sample `name` whose labels are exactly `labels` (in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (m && m[1] === name && m[2].split(',').sort().join(',') === wanted) return Number(m[3]);
  }
  return undefined;
}

describe('ServiceMetrics', () => {
  describe('registry.metrics()', () => {
    describe('when nothing was recorded yet', () => {
      it.each([
        ['fleet_nats_requests_total', 'counter'],
        ['fleet_nats_request_duration_seconds', 'histogram'],
        ['fleet_outbox_backlog', 'gauge'],
        ['fleet_nats_connected', 'gauge'],
      ])('should declare %s as a %s', async (name, type) => {
        const text = await new ServiceMetrics('platform').registry.metrics();

        expect(text).toContain(`# TYPE ${name} ${type}`);
        expect(text).toMatch(new RegExp(`# HELP ${name} \\S`));
      });

      it('should include the process metrics', async () => {
        const text = await new ServiceMetrics('platform').registry.metrics();

        expect(text).toMatch(/^process_cpu_user_seconds_total\{service="platform"\} /m);
        expect(text).toContain('# TYPE nodejs_heap_size_total_bytes gauge');
      });
    });

    describe('when requests were handled', () => {
      it('should count them by subject and outcome, labelled with the service', async () => {
        const metrics = new ServiceMetrics('platform');
        metrics.natsRequests.inc({ subject: 'platform.company.get', outcome: 'ok' });
        metrics.natsRequests.inc({ subject: 'platform.company.get', outcome: 'ok' });
        metrics.natsRequests.inc({ subject: 'platform.company.get', outcome: 'PLATFORM.NOT_FOUND' });

        const text = await metrics.registry.metrics();

        expect(sample(text, 'fleet_nats_requests_total', { subject: 'platform.company.get', outcome: 'ok', service: 'platform' })).toBe(2);
        expect(sample(text, 'fleet_nats_requests_total', { subject: 'platform.company.get', outcome: 'PLATFORM.NOT_FOUND', service: 'platform' })).toBe(1);
      });

      it('should put their durations in the buckets', async () => {
        const metrics = new ServiceMetrics('platform');
        metrics.natsRequestDuration.observe({ subject: 'platform.company.list' }, 0.02);

        const text = await metrics.registry.metrics();

        const labels = { subject: 'platform.company.list', service: 'platform' };
        expect(sample(text, 'fleet_nats_request_duration_seconds_bucket', { ...labels, le: '0.01' })).toBe(0);
        expect(sample(text, 'fleet_nats_request_duration_seconds_bucket', { ...labels, le: '0.025' })).toBe(1);
        expect(sample(text, 'fleet_nats_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(1);
        expect(sample(text, 'fleet_nats_request_duration_seconds_count', labels)).toBe(1);
        expect(sample(text, 'fleet_nats_request_duration_seconds_sum', labels)).toBeCloseTo(0.02);
      });
    });

    describe('when the gauges are set', () => {
      it('should expose the outbox backlog and the connection state', async () => {
        const metrics = new ServiceMetrics('work-portal');
        metrics.outboxBacklog.set(3);
        metrics.natsConnected.set(1);

        const text = await metrics.registry.metrics();

        expect(sample(text, 'fleet_outbox_backlog', { service: 'work-portal' })).toBe(3);
        expect(sample(text, 'fleet_nats_connected', { service: 'work-portal' })).toBe(1);
      });
    });
  });

  describe('constructor', () => {
    describe('when two services share a process (tests, in-process fleets)', () => {
      it('should keep their registries apart', async () => {
        const a = new ServiceMetrics('platform');
        const b = new ServiceMetrics('accounts');
        a.outboxBacklog.set(5);

        expect(sample(await b.registry.metrics(), 'fleet_outbox_backlog', { service: 'accounts' })).toBe(0);
        expect(sample(await a.registry.metrics(), 'fleet_outbox_backlog', { service: 'platform' })).toBe(5);
      });
    });
  });

  describe('registry.contentType', () => {
    it('should be the Prometheus text format', () => {
      expect(new ServiceMetrics('platform').registry.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    });
  });
});
