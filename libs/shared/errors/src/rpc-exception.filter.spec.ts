import type { ArgumentsHost } from '@nestjs/common';
import type { Logger } from 'pino';
import { lastValueFrom } from 'rxjs';
import { FleetError } from './fleet-error';
import { FleetRpcExceptionFilter } from './rpc-exception.filter';

/** An RPC ArgumentsHost whose NATS context has this subject and these headers. */
function natsHost(subject: string, headers?: Record<string, string>): ArgumentsHost {
  const context = { getSubject: () => subject, getHeaders: () => (headers ? { get: (k: string) => headers[k] ?? '' } : undefined) };
  return { switchToRpc: () => ({ getContext: () => context, getData: () => ({}) }) } as unknown as ArgumentsHost;
}

function fakeLogger() {
  return { info: jest.fn(), error: jest.fn() };
}

describe('FleetRpcExceptionFilter', () => {
  describe('catch()', () => {
    describe('when a FleetError was thrown', () => {
      it('should answer its envelope with the request correlation id and log it at info', async () => {
        const logger = fakeLogger();
        const filter = new FleetRpcExceptionFilter('platform', logger as unknown as Logger);

        const reply = filter.catch(new FleetError('PLATFORM.NOT_FOUND', 'company 42 does not exist'), natsHost('platform.company.get', { 'x-correlation-id': 'corr-1' }));

        await expect(lastValueFrom(reply)).rejects.toEqual({ code: 'PLATFORM.NOT_FOUND', message: 'company 42 does not exist', correlationId: 'corr-1' });
        expect(logger.info).toHaveBeenCalledWith({ subject: 'platform.company.get', correlationId: 'corr-1', code: 'PLATFORM.NOT_FOUND' }, 'company 42 does not exist');
        expect(logger.error).not.toHaveBeenCalled();
      });
    });

    describe('when an unknown error was thrown', () => {
      it('should answer <SERVICE>.INTERNAL and log the original at error', async () => {
        const logger = fakeLogger();
        const filter = new FleetRpcExceptionFilter('work-portal', logger as unknown as Logger);
        const boom = new Error('SQLITE_CORRUPT: database disk image is malformed');

        const reply = filter.catch(boom, natsHost('work-portal.case.get', { 'x-correlation-id': 'corr-2' }));

        await expect(lastValueFrom(reply)).rejects.toEqual({
          code: 'WORK_PORTAL.INTERNAL',
          message: 'internal error: see the service log for this correlation id',
          correlationId: 'corr-2',
        });
        expect(logger.error).toHaveBeenCalledWith({ subject: 'work-portal.case.get', correlationId: 'corr-2', err: boom }, 'unhandled error in a NATS handler');
        expect(logger.info).not.toHaveBeenCalled();
      });
    });

    describe('when the request carries no headers', () => {
      it('should answer without a correlation id', async () => {
        const filter = new FleetRpcExceptionFilter('platform', fakeLogger() as unknown as Logger);

        const reply = filter.catch(new FleetError('PLATFORM.CONFLICT', 'taken'), natsHost('platform.company.create'));

        await expect(lastValueFrom(reply)).rejects.toStrictEqual({ code: 'PLATFORM.CONFLICT', message: 'taken' });
      });
    });
  });
});
