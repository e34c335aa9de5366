import { IsIn, IsObject, IsOptional, IsString } from 'class-validator';

/** `<service>.health.check`: every backend service answers it with its measured state. */
export function healthCheckSubject(service: string): string {
  return `${service}.health.check`;
}

export type HealthStatus = 'up' | 'down';

/** One measured dependency of a service (nats, database, migrations). */
export interface HealthCheckResult {
  status: HealthStatus;
  /** Why it is down, in words that say what to fix. */
  error?: string;
}

/** Empty request of `<service>.health.check`. */
export class HealthCheckRequest {}

/** Reply of `<service>.health.check`. */
export class HealthCheckReply {
  @IsString()
  service!: string;

  @IsIn(['up', 'down'])
  status!: HealthStatus;

  @IsObject()
  checks!: Record<string, HealthCheckResult>;

  @IsOptional()
  @IsString()
  version?: string;
}
