import { ExportResultCode, hrTimeToMicroseconds, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { appendFileSync } from 'node:fs';

/** One finished span as a JSON line: enough to rebuild the trace tree across processes. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  service: string;
  startUs: number;
  durationUs: number;
  status: number;
  attributes: Record<string, unknown>;
}

/**
 * Appends every finished span to a file as one JSON line (one `write` with O_APPEND per span, so
 * several processes can share the file). For local runs and tests; production uses OTLP.
 */
export class JsonLinesSpanExporter implements SpanExporter {
  constructor(private readonly file: string) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    try {
      for (const s of spans) appendFileSync(this.file, `${JSON.stringify(toRecord(s))}\n`);
      done({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  async shutdown(): Promise<void> {}
}

function toRecord(s: ReadableSpan): SpanRecord {
  const ctx = s.spanContext();
  return {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    ...(s.parentSpanContext?.spanId ? { parentSpanId: s.parentSpanContext.spanId } : {}),
    name: s.name,
    kind: s.kind,
    service: String(s.resource.attributes['service.name'] ?? ''),
    startUs: hrTimeToMicroseconds(s.startTime),
    durationUs: hrTimeToMicroseconds(s.duration),
    status: s.status.code,
    attributes: { ...s.attributes },
  };
}
