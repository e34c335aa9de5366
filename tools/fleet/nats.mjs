// NATS for the fleet: NATS_URL when set, otherwise a private nats-server with JetStream on a free
// loopback port, storing in <repo>/.data/nats (so a second `npm start` finds its streams again).
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { freePort, waitForPort } from './ports.mjs';
import { describeExit, launch, signal } from './processes.mjs';

export const NOT_FOUND_MESSAGE =
  'nats-server not found: install it (Debian/Ubuntu: apt-get install nats-server; or download from nats.io) or set NATS_URL';

/** The nats-server executable on PATH, /usr/sbin or /usr/local/bin, or null. */
export function findNatsServer(env = process.env) {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/local/bin', '/usr/local/sbin'];
  for (const dir of dirs) {
    const candidate = join(dir, 'nats-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** nats://user:secret@host -> nats://user:***@host, for printing. */
export function redactUrl(url) {
  return url.replace(/(\/\/[^:/@,]+:)[^@/,]+@/g, '$1***@');
}

/**
 * Starts nats-server -a 127.0.0.1 -p <free port> -js -sd <storeDir> and waits (max waitMs) until
 * it accepts connections. onLaunch(handle) is called right after the spawn (so a Ctrl-C during the
 * wait can stop it). Resolves { url, port, handle } or rejects with an Error whose `logTail` holds
 * the last lines of its log.
 */
export async function startNatsServer({ executable, storeDir, logPath, cwd, verbose, prefix, waitMs = 10_000, onLaunch = () => {} }) {
  const port = await freePort('127.0.0.1');
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir];
  const handle = launch('nats', executable, args, { cwd, env: process.env, logPath, verbose, prefix });
  onLaunch(handle);
  const up = await waitForPort('127.0.0.1', port, { timeoutMs: waitMs, shouldStop: () => Boolean(handle.exit) });
  if (!up) {
    const why = handle.exit
      ? `nats-server exited during start (${describeExit(handle.exit)})`
      : `nats-server did not accept connections on 127.0.0.1:${port} within ${waitMs / 1000} s`;
    signal(handle, 'SIGKILL');
    const err = new Error(why);
    err.logTail = handle.tail(5);
    throw err;
  }
  return { url: `nats://127.0.0.1:${port}`, port, handle };
}

/**
 * SIGINT, up to graceMs for a clean exit (JetStream flushes its store), then SIGKILL. nats-server
 * shuts down the same way on SIGINT and SIGTERM, but exits 1 after SIGTERM and 0 after SIGINT.
 */
export async function stopNatsServer(handle, graceMs = 5_000) {
  if (!handle || handle.exit) return 'had already exited';
  signal(handle, 'SIGINT');
  let timer;
  const clean = await Promise.race([
    handle.exited.then(() => true),
    new Promise((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
  ]);
  clearTimeout(timer);
  if (clean) return 'stopped';
  signal(handle, 'SIGKILL');
  await handle.exited;
  return 'killed';
}
