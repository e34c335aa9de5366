import { BackendServices, envPrefixOf, FleetServices } from '@fleet/contracts-fleet';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../../../..');

/** A free loopback port (bound, then released). */
/** Ports this process has handed out: never handed out twice, though the OS may offer one again before its process binds it. */
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((res, rej) => {
      const s = createServer();
      s.once('error', rej);
      s.listen(0, '127.0.0.1', () => {
        const a = s.address();
        s.close(() => res(typeof a === 'object' && a ? a.port : 0));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/** One service process of a fleet under test. */
export class ServiceProcess {
  proc?: ChildProcess;
  exit?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    readonly healthPort: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logFile: string,
  ) {}

  start(): void {
    const main = join(REPO, 'services', this.name, 'dist', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (npm test does it)`);
    const log = createWriteStream(this.logFile, { flags: 'a' });
    this.proc = spawn(process.execPath, [main], { cwd: REPO, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout!.pipe(log);
    this.proc.stderr!.pipe(log);
    const p = this.proc;
    this.exit = new Promise((r) => p.once('exit', (code, signal) => r({ code, signal })));
  }

  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Waits for `/readyz`; `FLEET_TEST_READY_TIMEOUT_MS` (default 120000) lengthens the budget on a loaded machine. */
  async ready(timeoutMs = Number(process.env.FLEET_TEST_READY_TIMEOUT_MS ?? 120000)): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited before it was ready (see ${this.logFile})`);
      const ok = await fetch(`http://127.0.0.1:${this.healthPort}/readyz`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms (see ${this.logFile})`);
  }

  /** Sends a signal and waits for the process to end. */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.running) return (await this.exit) ?? { code: null, signal: null };
    this.proc!.kill(signal);
    return this.exit!;
  }
}

/** The bootstrap administrator every fleet under test starts with (platform creates it at first start). */
export const TEST_ADMIN = { email: 'admin@fleet.example', password: 'E2e-Admin-Passw0rd!' } as const;

export interface FleetUnderTest {
  gatewayUrl: string;
  dataDir: string;
  services: Record<string, ServiceProcess>;
  stop: () => Promise<void>;
}

/**
 * Launches the ten services as real OS processes (built `dist/main.js`), each with its own SQLite
 * file under `dataDir`, free loopback ports and the run's subject prefix; resolves when every
 * `/readyz` answers 200.
 */
export async function startFleet(o: { natsUrl: string; prefix: string; dataDir: string; env?: Record<string, string>; readyTimeoutMs?: number }): Promise<FleetUnderTest> {
  mkdirSync(join(o.dataDir, 'logs'), { recursive: true });
  const gatewayPort = await freePort();
  const serviceSecret = randomBytes(48).toString('base64url'); // one FLEET_SERVICE_SECRET per fleet
  const services: Record<string, ServiceProcess> = {};
  for (const name of FleetServices) {
    const p = envPrefixOf(name);
    const healthPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NATS_URL: o.natsUrl,
      FLEET_SUBJECT_PREFIX: o.prefix,
      [`${p}_DB_URL`]: `sqlite:${join(o.dataDir, `${name}.db`)}`,
      [`${p}_HEALTH_PORT`]: String(healthPort),
      GATEWAY_PORT: String(gatewayPort),
      LOG_LEVEL: 'info',
      FLEET_SERVICE_SECRET: serviceSecret,
      FLEET_ADMIN_EMAIL: TEST_ADMIN.email,
      FLEET_ADMIN_PASSWORD: TEST_ADMIN.password,
      ...o.env,
    };
    services[name] = new ServiceProcess(name, healthPort, env, join(o.dataDir, 'logs', `${name}.log`));
  }
  const stop = async () => {
    await Promise.all(Object.values(services).map((s) => s.kill('SIGTERM')));
  };
  try {
    for (const s of Object.values(services)) s.start();
    await Promise.all(Object.values(services).map((s) => s.ready(o.readyTimeoutMs)));
  } catch (err) {
    await stop();
    throw err;
  }
  return { gatewayUrl: `http://127.0.0.1:${gatewayPort}`, dataDir: o.dataDir, services, stop };
}

export { BackendServices };
