import type { HealthCheckReply, HealthCheckResult } from '@fleet/contracts-fleet';

/** A named dependency check; it measures now (no cached answers). */
export type ReadinessCheck = () => Promise<HealthCheckResult> | HealthCheckResult;

/** Runs every check (each bounded by `timeoutMs`) and reports `up` only when all are up. */
export async function measure(service: string, checks: Record<string, ReadinessCheck>, timeoutMs = 1500): Promise<HealthCheckReply> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, HealthCheckResult]> => {
      try {
        const result = await Promise.race([
          Promise.resolve(check()),
          new Promise<HealthCheckResult>((r) => setTimeout(() => r({ status: 'down', error: `${name} check timed out after ${timeoutMs} ms` }), timeoutMs).unref()),
        ]);
        return [name, result];
      } catch (err) {
        return [name, { status: 'down', error: (err as Error).message }];
      }
    }),
  );
  const checksOut = Object.fromEntries(entries);
  const status = entries.every(([, r]) => r.status === 'up') ? 'up' : 'down';
  return { service, status, checks: checksOut };
}
