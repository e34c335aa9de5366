import { context, propagation, ROOT_CONTEXT, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';

/** Anything with NATS-header-like get/set (NATS `MsgHdrs`) or a plain record. */
export interface HeaderCarrier {
  get(key: string): string;
  set(key: string, value: string): void;
}

const natsSetter: TextMapSetter<HeaderCarrier> = { set: (c, k, v) => c.set(k, v) };
const natsGetter: TextMapGetter<HeaderCarrier | undefined> = {
  get: (c, k) => c?.get(k) || undefined,
  keys: () => ['traceparent', 'tracestate'],
};
const recordSetter: TextMapSetter<Record<string, string>> = { set: (c, k, v) => void (c[k] = v) };
const recordGetter: TextMapGetter<Record<string, string | string[] | undefined>> = {
  get: (c, k) => c[k],
  keys: (c) => Object.keys(c),
};

/** Writes the active trace context (`traceparent`, `tracestate`) into NATS headers. */
export function injectTraceHeaders(h: HeaderCarrier): void {
  propagation.inject(context.active(), h, natsSetter);
}

/** The trace context a NATS message carries (the root context when it carries none). */
export function traceContextOf(h: HeaderCarrier | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, h, natsGetter);
}

/** The active trace context as plain headers (to store with an outbox row, published later). */
export function traceHeaders(): Record<string, string> {
  const out: Record<string, string> = {};
  propagation.inject(context.active(), out, recordSetter);
  return out;
}

/** The trace context of incoming HTTP headers. */
export function traceContextOfHttp(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(ROOT_CONTEXT, headers, recordGetter);
}
