import { DataSource } from 'typeorm';
import { parseDbUrl } from './db-url';
import { checkDatabase } from './readiness';

/** A PostgreSQL DataSource that is never connected; its queries answer through `answer`. */
function postgresAnswering(answer: (sql: string) => Promise<unknown>) {
  const ds = new DataSource({ type: 'postgres', host: 'offline.invalid', database: 'fleet' });
  const query = jest.spyOn(ds, 'query').mockImplementation((sql: string) => answer(sql) as Promise<never>);
  return { ds, query };
}

const target = parseDbUrl('postgres://fleet@db/fleet?schema=fleet_platform');
const applied = (names: string[]) => async (sql: string) => (sql === 'SELECT 1' ? [{ '?column?': 1 }] : names.map((name) => ({ name })));

describe('checkDatabase()', () => {
  describe('when the database answers and every migration is applied', () => {
    it('should report both up after querying the database', async () => {
      const { ds, query } = postgresAnswering(applied(['A1', 'B2']));

      await expect(checkDatabase(ds, target, ['A1', 'B2'])).resolves.toEqual({ database: { status: 'up' }, migrations: { status: 'up' } });
      expect(query).toHaveBeenCalledWith('SELECT 1');
    });
  });

  describe('when a migration is pending', () => {
    it('should report the database up and name the pending migrations', async () => {
      const { ds } = postgresAnswering(applied(['A1']));

      await expect(checkDatabase(ds, target, ['A1', 'B2', 'C3'])).resolves.toEqual({
        database: { status: 'up' },
        migrations: { status: 'down', error: 'pending migrations: B2, C3' },
      });
    });
  });

  describe('when the query fails', () => {
    it('should report the database down with the error', async () => {
      const { ds } = postgresAnswering(async () => {
        throw new Error('connection terminated unexpectedly');
      });

      await expect(checkDatabase(ds, target, ['A1'])).resolves.toEqual({
        database: { status: 'down', error: 'connection terminated unexpectedly' },
        migrations: { status: 'down', error: 'database unreachable' },
      });
    });
  });

  describe('when the database does not answer in time', () => {
    it('should report it down after the timeout', async () => {
      const { ds } = postgresAnswering(() => new Promise(() => undefined));
      const started = Date.now();

      await expect(checkDatabase(ds, target, ['A1'], 50)).resolves.toEqual({
        database: { status: 'down', error: 'the database did not answer within 50 ms' },
        migrations: { status: 'down', error: 'database unreachable' },
      });
      expect(Date.now() - started).toBeLessThan(1000);
    });
  });
});
