import { inSpan, SpanKind, traceContextOfHttp } from '@fleet/shared-telemetry';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';

/**
 * One server span per HTTP request that reaches a route handler, child of an incoming W3C
 * `traceparent` when a proxy sent one. The handler runs inside it, so its NATS requests (and
 * everything they cause in other services) join the same trace.
 */
export class HttpTracingInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const route = req.routeOptions?.url ?? req.url.split('?')[0];
    const attributes = { 'http.request.method': req.method, 'http.route': route, 'fleet.request_id': String(req.id) };
    return from(
      inSpan(`${req.method} ${route}`, { kind: SpanKind.SERVER, parent: traceContextOfHttp(req.headers), attributes }, async (span) => {
        // subscribe inside the span's context: the handler's awaits inherit it
        const result: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
        span.setAttribute('http.response.status_code', reply.statusCode);
        return result;
      }),
    );
  }
}
