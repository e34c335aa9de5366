import { FleetHeaders } from './wire';

describe('FleetHeaders', () => {
  it('should keep the NATS header names every non-Nest client relies on', () => {
    expect(FleetHeaders).toEqual({ correlationId: 'x-correlation-id', traceparent: 'traceparent', authorization: 'authorization', clientIp: 'x-fleet-client-ip' });
  });
});
