import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { tracer } from './tracing';

export { SpanKind };

export interface SpanOptions {
  kind: SpanKind;
  attributes?: Attributes;
  /** The parent (e.g. extracted from a message's headers); default: the active context. */
  parent?: Context;
}

/**
 * Runs `fn` inside a new active span: everything it awaits (NATS requests, queries, events it
 * appends) becomes a child. A thrown error marks the span as an error and is rethrown.
 */
export async function inSpan<T>(name: string, o: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  const parent = o.parent ?? context.active();
  return tracer().startActiveSpan(name, { kind: o.kind, attributes: o.attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Is a span active here (so a child span belongs to some trace rather than starting a root one)? */
export function hasActiveSpan(): boolean {
  return trace.getSpan(context.active())?.spanContext().traceId !== undefined && trace.getSpan(context.active())?.isRecording() === true;
}

/** trace_id / span_id of the active span, for log lines (empty outside any span). */
export function activeTraceIds(): { trace_id?: string; span_id?: string } {
  const ctx = trace.getSpan(context.active())?.spanContext();
  return ctx && trace.isSpanContextValid(ctx) ? { trace_id: ctx.traceId, span_id: ctx.spanId } : {};
}
