import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { appliedMigrationNames, dialectOf, migrationNames } from './migrations';

/** A QueryRunner as far as dialectOf looks at it. */
const runnerOn = (type: string) => ({ connection: { driver: { options: { type } } } }) as unknown as QueryRunner;

describe('dialectOf()', () => {
  describe('when given a QueryRunner', () => {
    it.each([
      ['better-sqlite3', 'sqlite'],
      ['sqljs', 'sqlite'],
      ['postgres', 'postgres'],
      ['mssql', 'mssql'],
    ])('should read the %s driver as %s', (type, dialect) => {
      expect(dialectOf(runnerOn(type))).toBe(dialect);
    });

    it.each(['mysql', 'oracle'])('should refuse the %s driver', (type) => {
      expect(() => dialectOf(runnerOn(type))).toThrow(`unsupported driver ${type}`);
    });
  });

  describe('when given a DataSource', () => {
    it('should read its driver without connecting', () => {
      const ds = new DataSource({ type: 'postgres', host: 'offline.invalid', database: 'fleet' });

      expect(ds.isInitialized).toBe(false);
      expect(dialectOf(ds)).toBe('postgres');
    });
  });
});

describe('migrationNames()', () => {
  class M1732406400000Init implements MigrationInterface {
    async up(): Promise<void> {}
    async down(): Promise<void> {}
  }
  class M1732500000000Renamed implements MigrationInterface {
    name = 'CustomName1732500000000';
    async up(): Promise<void> {}
    async down(): Promise<void> {}
  }

  it('should use the class name, or the name a migration declares, in order', () => {
    expect(migrationNames([M1732406400000Init, M1732500000000Renamed])).toEqual(['M1732406400000Init', 'CustomName1732500000000']);
  });
});

describe('appliedMigrationNames()', () => {
  describe('when the engine is postgres', () => {
    it('should read the names from fleet_migrations', async () => {
      const ds = new DataSource({ type: 'postgres', host: 'offline.invalid', database: 'fleet' });
      const query = jest.spyOn(ds, 'query').mockResolvedValue([{ name: 'A1' }, { name: 'B2' }]);

      await expect(appliedMigrationNames(ds, 'fleet_platform')).resolves.toEqual(['A1', 'B2']);
      expect(query).toHaveBeenCalledWith('SELECT name FROM fleet_migrations');
    });
  });

  describe('when the engine is mssql and a schema is given', () => {
    it('should qualify the table with the schema', async () => {
      const ds = new DataSource({ type: 'mssql', host: 'offline.invalid', database: 'fleet' });
      const query = jest.spyOn(ds, 'query').mockResolvedValue([]);

      await expect(appliedMigrationNames(ds, 'fleet_smtp')).resolves.toEqual([]);
      expect(query).toHaveBeenCalledWith('SELECT name FROM [fleet_smtp].fleet_migrations');
    });
  });
});
