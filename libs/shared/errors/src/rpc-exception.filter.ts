import { FleetHeaders } from '@fleet/contracts-fleet';
import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import type { Logger } from 'pino';
import { throwError, type Observable } from 'rxjs';
import { toEnvelope } from './to-envelope';

/**
 * The one exception filter of every service's NATS handlers: serialises whatever was thrown into
 * the error envelope. Expected errors are logged at info; unknown ones at error with their stack,
 * and reach the caller masked as `<SERVICE>.INTERNAL` (same correlation id, so the log line is findable).
 */
@Catch()
export class FleetRpcExceptionFilter implements RpcExceptionFilter<unknown> {
  constructor(
    private readonly service: string,
    private readonly logger: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const ctx = host.switchToRpc().getContext() as { getHeaders?: () => { get(k: string): string } | undefined; getSubject?: () => string };
    const correlationId = ctx?.getHeaders?.()?.get(FleetHeaders.correlationId) || undefined;
    const subject = ctx?.getSubject?.();
    const { envelope, known } = toEnvelope(exception, this.service, correlationId);
    if (known) this.logger.info({ subject, correlationId, code: envelope.code }, envelope.message);
    else this.logger.error({ subject, correlationId, err: exception }, 'unhandled error in a NATS handler');
    return throwError(() => envelope);
  }
}
