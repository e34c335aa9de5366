import type { RpcClient, RequestOptions } from '@fleet/shared-nats';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';

/** The gateway's only way to reach a service: a NATS request carrying the HTTP request id. */
@Injectable()
export class Upstream {
  constructor(@Inject(KIT.rpc) private readonly rpc: RpcClient) {}

  call<T>(subject: string, data: unknown, requestId: string, o: Omit<RequestOptions, 'correlationId'> = {}): Promise<T> {
    return this.rpc.request<T>(subject, data, { ...o, correlationId: requestId });
  }
}
