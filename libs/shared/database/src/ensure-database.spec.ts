import { parseDbUrl } from './db-url';
import { ensureDatabaseExists } from './ensure-database';

describe('ensureDatabaseExists()', () => {
  describe('when the target is sqlite', () => {
    it('should do nothing (the file is created when it is opened)', async () => {
      await expect(ensureDatabaseExists(parseDbUrl('sqlite:/nonexistent/dir/p.db'))).resolves.toBeUndefined();
    });
  });

  describe('when the database name is not a plain identifier', () => {
    // The name ends up in CREATE DATABASE, so it is refused before any connection is made.
    it.each([
      ['postgres://u@offline.invalid/fleet%22%3B%20DROP%20DATABASE%20x', 'fleet"; DROP DATABASE x'],
      ['postgres://u@offline.invalid/my-db', 'my-db'],
      ['mssql://sa@offline.invalid/fleet%5D%3B--', 'fleet];--'],
      ['mssql://sa@offline.invalid/9lives', '9lives'],
    ])('should refuse %s before connecting', async (url, name) => {
      await expect(ensureDatabaseExists(parseDbUrl(url))).rejects.toThrow(`invalid database name "${name}": use letters, digits and _ only`);
    });
  });
});
