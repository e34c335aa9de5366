import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../../../..');

/** A bad or missing setting stops the boot with one clear line naming the variable. */
describe('a service started with an invalid setting', () => {
  const boot = (service: string, env: Record<string, string>) =>
    spawnSync(process.execPath, [join(REPO, 'services', service, 'dist', 'main.js')], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 20000 });

  it.each([
    ['platform', { PLATFORM_HEALTH_PORT: 'eighty' }, 'PLATFORM_HEALTH_PORT'],
    ['work-portal', { WORK_PORTAL_DB_URL: 'mysql://localhost/x' }, 'WORK_PORTAL_DB_URL'],
    ['gateway', { NATS_URL: 'http://127.0.0.1:4222' }, 'NATS_URL'],
    ['accounts', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('%s with %j should exit non-zero with one line naming %s', (service, env, variable) => {
    const r = boot(service, env);
    expect(r.status).toBe(78);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
    expect(lines[0]).toMatch(/must be/);
  });
});
