import { FleetHeaders } from '@fleet/contracts-fleet';
import type { RequestOptions, RpcClient } from '@fleet/shared-nats';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { CallerRequest } from '../auth/auth.decorators';

/** The gateway's only way to reach a service: a NATS request carrying the HTTP request id. */
@Injectable()
export class Upstream {
  constructor(@Inject(KIT.rpc) private readonly rpc: RpcClient) {}

  call<T>(subject: string, data: unknown, requestId: string, o: Omit<RequestOptions, 'correlationId'> = {}): Promise<T> {
    return this.rpc.request<T>(subject, data, { ...o, correlationId: requestId });
  }

  /**
   * A request on behalf of the HTTP caller: correlation id = its request id, and the access token
   * the guard verified in the `authorization` header (services verify it again and derive the
   * principal themselves). Public routes have no verified token, so none is forwarded.
   */
  callAs<T>(req: CallerRequest, subject: string, data: unknown, o: Omit<RequestOptions, 'correlationId'> = {}): Promise<T> {
    const token = req.caller?.token;
    const headers = {
      ...o.headers,
      ...(token ? { [FleetHeaders.authorization]: `Bearer ${token}` } : {}),
      ...(req.ip ? { [FleetHeaders.clientIp]: req.ip } : {}),
    };
    return this.call<T>(subject, data, String(req.id), { ...o, headers });
  }
}
