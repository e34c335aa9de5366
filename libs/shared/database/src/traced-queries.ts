import { hasActiveSpan, inSpan, SpanKind } from '@fleet/shared-telemetry';
import type { DataSource, QueryRunner } from 'typeorm';

const TRACED = Symbol('fleet.traced');
const MAX_STATEMENT = 500;

/**
 * Every SQL statement run inside a traced request becomes a client span (`db.query`: system,
 * statement truncated, never the parameters, which may hold personal data). Statements outside
 * any span (the outbox relay's polling, timers) make no root traces of their own.
 */
export function traceQueries(ds: DataSource, system: string): void {
  const driver = ds.driver as { createQueryRunner(mode: 'master' | 'slave'): QueryRunner };
  const create = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode) => {
    const qr = create(mode) as QueryRunner & { [TRACED]?: true };
    if (qr[TRACED]) return qr; // SQLite drivers hand out one runner again and again
    qr[TRACED] = true;
    const query = qr.query.bind(qr) as (...args: unknown[]) => Promise<unknown>;
    qr.query = ((...args: unknown[]) => {
      if (!hasActiveSpan()) return query(...args);
      const statement = String(args[0]).slice(0, MAX_STATEMENT);
      return inSpan('db.query', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': system, 'db.query.text': statement } }, () => query(...args));
    }) as QueryRunner['query'];
    return qr;
  };
}
