import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { JsonLinesSpanExporter } from './json-lines-exporter';

/** Where spans go: nowhere (default), an OTLP/HTTP collector, or a JSON-lines file (local runs, tests). */
export type TracesExporter = 'none' | 'otlp' | 'file';

export interface TracingOptions {
  service: string;
  exporter: TracesExporter;
  /** OTLP/HTTP traces URL (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, or `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`). */
  otlpUrl?: string;
  /** The JSON-lines file of the `file` exporter. */
  file?: string;
}

/** The process's tracing: its tracer, and a flush-and-stop for shutdown. */
export interface Tracing {
  readonly tracer: Tracer;
  readonly recording: boolean;
  shutdown(): Promise<void>;
}

export const TRACER_NAME = 'fleet';

let installed: Tracing | undefined;

/**
 * Installs W3C trace-context propagation (always: a process that exports nothing still passes the
 * caller's trace on) and, unless the exporter is `none`, a tracer provider that records spans for
 * this service. Idempotent per process (the first call wins; tests run several services in one).
 */
export function startTracing(o: TracingOptions): Tracing {
  if (installed) return installed;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const processor = processorFor(o);
  let provider: BasicTracerProvider | undefined;
  if (processor) {
    provider = new BasicTracerProvider({ resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: o.service }), spanProcessors: [processor] });
    trace.setGlobalTracerProvider(provider);
  }
  installed = {
    tracer: trace.getTracer(TRACER_NAME),
    recording: provider !== undefined,
    shutdown: async () => {
      await provider?.shutdown();
    },
  };
  return installed;
}

function processorFor(o: TracingOptions): SpanProcessor | undefined {
  if (o.exporter === 'otlp') return new BatchSpanProcessor(new OTLPTraceExporter(o.otlpUrl ? { url: o.otlpUrl } : {}));
  if (o.exporter === 'file' && o.file) return new SimpleSpanProcessor(new JsonLinesSpanExporter(o.file));
  return undefined;
}

/** The tracer spans are made with (a no-op one until `startTracing` installed a provider). */
export function tracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}
