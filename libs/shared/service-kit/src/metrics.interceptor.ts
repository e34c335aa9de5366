import type { ServiceMetrics } from '@fleet/shared-health';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { catchError, tap, throwError, type Observable } from 'rxjs';

/** Counts and times every NATS request by subject and outcome. */
export class NatsMetricsInterceptor implements NestInterceptor {
  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly subjectPrefix: string,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const ctx = context.switchToRpc().getContext() as { getSubject?: () => string };
    const subject = (ctx.getSubject?.() ?? 'unknown').slice(this.subjectPrefix.length);
    const end = this.metrics.natsRequestDuration.startTimer({ subject });
    return next.handle().pipe(
      tap(() => {
        end();
        this.metrics.natsRequests.inc({ subject, outcome: 'ok' });
      }),
      catchError((err: unknown) => {
        end();
        const code = (err as { code?: string })?.code ?? 'error';
        this.metrics.natsRequests.inc({ subject, outcome: code });
        return throwError(() => err);
      }),
    );
  }
}
