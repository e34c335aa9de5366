import type { HealthCheckResult } from '@fleet/contracts-fleet';
import { measure } from './readiness';

const up = async (): Promise<HealthCheckResult> => ({ status: 'up' });
const after = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

describe('measure()', () => {
  describe('when every check is up', () => {
    it('should report the service up with each check', async () => {
      await expect(measure('platform', { nats: up, database: up, migrations: () => ({ status: 'up' }) })).resolves.toEqual({
        service: 'platform',
        status: 'up',
        checks: { nats: { status: 'up' }, database: { status: 'up' }, migrations: { status: 'up' } },
      });
    });
  });

  describe('when there are no checks', () => {
    it('should report the service up', async () => {
      await expect(measure('smtp', {})).resolves.toEqual({ service: 'smtp', status: 'up', checks: {} });
    });
  });

  describe('when one check is down', () => {
    it('should report the service down with that check error and keep the others', async () => {
      const reply = await measure('platform', { nats: up, database: async () => ({ status: 'down', error: 'database file /data/platform.db is missing' }) });

      expect(reply).toEqual({
        service: 'platform',
        status: 'down',
        checks: { nats: { status: 'up' }, database: { status: 'down', error: 'database file /data/platform.db is missing' } },
      });
    });
  });

  describe('when a check throws', () => {
    it.each([
      [
        'synchronously',
        () => {
          throw new Error('NATS connection closed');
        },
      ],
      ['by rejecting', async () => Promise.reject(new Error('NATS connection closed'))],
    ])('should report it down with the error message when it throws %s', async (_how, check) => {
      const reply = await measure('platform', { nats: check, database: up });

      expect(reply.status).toBe('down');
      expect(reply.checks).toEqual({ nats: { status: 'down', error: 'NATS connection closed' }, database: { status: 'up' } });
    });
  });

  describe('when a check hangs past the timeout', () => {
    it('should report it down as timed out and answer in about the timeout', async () => {
      const started = Date.now();

      const reply = await measure('platform', { database: () => new Promise<HealthCheckResult>(() => undefined), nats: up }, 50);

      const took = Date.now() - started;
      expect(reply).toEqual({
        service: 'platform',
        status: 'down',
        checks: { database: { status: 'down', error: 'database check timed out after 50 ms' }, nats: { status: 'up' } },
      });
      expect(took).toBeGreaterThanOrEqual(45);
      expect(took).toBeLessThan(500);
    });
  });

  describe('when checks are slow but within the timeout', () => {
    it('should run them in parallel', async () => {
      const started = Date.now();

      const reply = await measure('platform', { a: () => after(80, { status: 'up' as const }), b: () => after(80, { status: 'up' as const }), c: () => after(80, { status: 'up' as const }) }, 1000);

      expect(reply.status).toBe('up');
      expect(Date.now() - started).toBeLessThan(220);
    });
  });

  describe('when no timeout is given', () => {
    it('should wait up to 1.5 s for a check', async () => {
      jest.useFakeTimers();
      try {
        const measuring = measure('platform', { database: () => new Promise<HealthCheckResult>(() => undefined) });

        await jest.advanceTimersByTimeAsync(1499);
        let settled = false;
        void measuring.then(() => (settled = true));
        await jest.advanceTimersByTimeAsync(0);
        expect(settled).toBe(false);

        await jest.advanceTimersByTimeAsync(1);
        await expect(measuring).resolves.toMatchObject({ checks: { database: { status: 'down', error: 'database check timed out after 1500 ms' } } });
      } finally {
        jest.useRealTimers();
      }
    });
  });
});
