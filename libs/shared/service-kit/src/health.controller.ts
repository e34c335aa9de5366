import { healthCheckSubject, type HealthCheckReply } from '@fleet/contracts-fleet';
import { Controller, type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';

/**
 * Builds the controller answering `<service>.health.check` with the measured readiness, so the
 * gateway's /api/v1/health reports what /readyz would.
 */
export function healthController(service: string, measureNow: () => Promise<HealthCheckReply>): Type<unknown> {
  @Controller()
  class HealthCheckController {
    async check(): Promise<HealthCheckReply> {
      return measureNow();
    }
  }
  const descriptor = Object.getOwnPropertyDescriptor(HealthCheckController.prototype, 'check')!;
  MessagePattern(healthCheckSubject(service))(HealthCheckController.prototype, 'check', descriptor);
  return HealthCheckController;
}
