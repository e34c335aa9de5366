import { FleetErrorCodes, type ErrorEnvelope } from '@fleet/contracts-fleet';
import { AuthErrorCodes } from '@fleet/shared-auth';
import { FleetError, httpStatusOf } from '@fleet/shared-errors';
import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/** Refused access tokens (the gateway's own check, or a service's): RFC 6750 asks for a Bearer challenge. */
const BEARER_CHALLENGED = new Set(['GATEWAY.UNAUTHORIZED', AuthErrorCodes.UNAUTHORIZED]);

const REASON_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/**
 * Every HTTP error of the gateway leaves here, as `{ code, message, details?, requestId }`, with the
 * status chosen by `httpStatusOf(code)` — the one code → status table. 503 carries `Retry-After`.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const requestId = String(req.id);
    const envelope = this.envelopeOf(exception, requestId);
    const status = httpStatusOf(envelope.code);
    if (status >= 500 && envelope.code.endsWith('.INTERNAL')) this.logger.error({ requestId, err: exception, url: req.url }, 'request failed');
    else this.logger.info({ requestId, code: envelope.code, status, url: req.url }, envelope.message);
    if (status === 503) void reply.header('retry-after', '1');
    if (BEARER_CHALLENGED.has(envelope.code)) void reply.header('www-authenticate', 'Bearer');
    const { correlationId: _omit, ...rest } = envelope;
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send({ ...rest, requestId });
  }

  private envelopeOf(exception: unknown, requestId: string): ErrorEnvelope {
    if (exception instanceof FleetError) return exception.toEnvelope(requestId);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const reason = REASON_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
      const body = exception.getResponse() as { message?: string | string[] } | string;
      const message = typeof body === 'string' ? body : Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? exception.message);
      return { code: `GATEWAY.${reason}`, message: humanize(status, message) };
    }
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      const reason = REASON_BY_STATUS[fastifyStatus] ?? 'BAD_REQUEST';
      return { code: `GATEWAY.${reason}`, message: humanize(fastifyStatus, (exception as Error).message) };
    }
    if ((exception as { code?: string })?.code === FleetErrorCodes.UNAVAILABLE) return exception as ErrorEnvelope;
    return { code: 'GATEWAY.INTERNAL', message: 'internal error: quote the requestId when reporting it' };
  }
}

function humanize(status: number, message: string): string {
  if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.test(message)) return `${message}: no such route (see /api/docs)`;
  if (status === 400 && /JSON/i.test(message)) return `the request body is not valid JSON: ${message}`;
  return message;
}
