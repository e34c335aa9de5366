import { context, trace } from '@opentelemetry/api';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpanRecord } from './json-lines-exporter';
import { injectTraceHeaders, traceContextOf, traceHeaders, type HeaderCarrier } from './propagation';
import { activeTraceIds, hasActiveSpan, inSpan, SpanKind } from './spans';
import { startTracing } from './tracing';

/** NATS-like headers: a Map behind get/set. */
function natsHeaders(): HeaderCarrier & { all: Map<string, string> } {
  const all = new Map<string, string>();
  return { all, get: (k) => all.get(k) ?? '', set: (k, v) => void all.set(k, v) };
}

describe('tracing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-telemetry-'));
  const file = join(dir, 'spans.jsonl');
  const tracing = startTracing({ service: 'unit', exporter: 'file', file });
  const spans = () => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as SpanRecord);

  afterAll(async () => {
    await tracing.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should carry a span across NATS headers: the receiver continues the same trace under the sender', async () => {
    const h = natsHeaders();
    let sent = '';
    await inSpan('orders.create send', { kind: SpanKind.CLIENT }, async (span) => {
      sent = span.spanContext().spanId;
      injectTraceHeaders(h);
    });
    expect(h.all.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await inSpan('orders.create process', { kind: SpanKind.SERVER, parent: traceContextOf(h) }, async () => undefined);
    const [client, server] = spans().slice(-2);
    expect(server).toMatchObject({ name: 'orders.create process', traceId: client.traceId, parentSpanId: sent, service: 'unit', kind: SpanKind.SERVER });
  });

  it('should make children of whatever runs inside a span, and put the ids on log lines', async () => {
    expect(hasActiveSpan()).toBe(false);
    expect(activeTraceIds()).toEqual({});
    let inner: { trace_id?: string; span_id?: string } = {};
    await inSpan('outer', { kind: SpanKind.INTERNAL }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      await inSpan('inner', { kind: SpanKind.INTERNAL }, async () => {
        inner = activeTraceIds();
        expect(hasActiveSpan()).toBe(true);
      });
    });
    const [child, parent] = spans().slice(-2);
    expect(child).toMatchObject({ name: 'inner', parentSpanId: parent.spanId, traceId: parent.traceId });
    expect(inner).toEqual({ trace_id: child.traceId, span_id: child.spanId });
  });

  it('should mark a failing span as an error and rethrow', async () => {
    await expect(inSpan('boom', { kind: SpanKind.INTERNAL }, async () => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
    expect(spans().at(-1)).toMatchObject({ name: 'boom', status: 2 });
  });

  it('should give plain headers for an outbox row only inside a span', async () => {
    expect(traceHeaders()).toEqual({});
    const inside = await inSpan('append', { kind: SpanKind.INTERNAL }, async () => traceHeaders());
    expect(inside.traceparent).toMatch(/^00-/);
    expect(trace.getSpan(context.active())).toBeUndefined();
  });
});
