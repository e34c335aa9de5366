import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveServiceSecret, SERVICE_SECRET_FILE } from './service-secret';

describe('resolveServiceSecret()', () => {
  let dataDir: string;
  const warnings: object[] = [];
  const logger = { warn: (obj: object) => warnings.push(obj) };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'fleet-secret-'));
    warnings.length = 0;
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('should use FLEET_SERVICE_SECRET when it is set, and write nothing', () => {
    expect(resolveServiceSecret({ serviceSecret: 'x'.repeat(40), dataDir }, logger)).toBe('x'.repeat(40));
    expect(() => statSync(join(dataDir, SERVICE_SECRET_FILE))).toThrow();
  });

  it('should generate one secret into the data directory (mode 0600) and give every later caller the same, with a warning', () => {
    const first = resolveServiceSecret({ serviceSecret: '', dataDir }, logger);
    const second = resolveServiceSecret({ serviceSecret: '', dataDir }, logger);

    expect(first).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(second).toBe(first);
    expect(readFileSync(join(dataDir, SERVICE_SECRET_FILE), 'utf8').trim()).toBe(first);
    expect(statSync(join(dataDir, SERVICE_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(2);
  });

  it('should refuse a file that holds no usable secret', () => {
    writeFileSync(join(dataDir, SERVICE_SECRET_FILE), 'short\n');

    expect(() => resolveServiceSecret({ serviceSecret: '', dataDir }, logger)).toThrow(/holds no usable service secret/);
  });
});
